export { VERIFY_CODES, BundleReadError, type VerifyCode, type BundleFinding, type Layer } from './findings.js';
export { FINDINGS_PER_CODE, compareFindings } from './sink.js';
export { BundleWriter, type FullLogInput, type ExcerptInput } from './writer.js';
export { verifyBundle, type VerifyBundleOptions, type BundleReport, type LogSummary, type Verdict } from './verifier.js';
export { formatReport } from './report.js';
export { ROLES, ROLE_KINDS, ENROL_KIND, REVOKE_KIND, type Enrolment } from './policy.js';
export { readBundleLogs } from './read.js';
export { exportTrace, type TraceExportInput } from './trace-export.js';
export { BUNDLE_TAG, BUNDLE_VERSION, encodeEnd, encodeSectionHeader, type BundleHeader, type SectionHeader } from './format.js';

import type { ErrorCode } from '@suyuan/core';
import type { FoodCode } from '@suyuan/food';

/** Codes of the bundle layer, references between logs, and trust policy. */
export const VERIFY_CODES = [
  'BUNDLE_HEADER',
  'BUNDLE_ITEM',
  'BUNDLE_TRUNCATED',
  'BUNDLE_END',
  'BUNDLE_DUPLICATE_LOG',
  'BUNDLE_TRAILING',
  'BUNDLE_SECTION_LENGTH',
  'BUNDLE_DUPLICATE_HEAD',
  'BUNDLE_HEAD_ORDER',
  'BUNDLE_NOT_A_BUNDLE',
  'BUNDLE_UNREADABLE',
  'EXCERPT_ORDER',
  'EXCERPT_PROOF',
  'REF_LOG_ABSENT',
  'REF_TARGET_ABSENT',
  'REF_HASH_MISMATCH',
  'REF_UNSIGNED',
  'POLICY_NOT_ENROLLED',
  'POLICY_ENTERPRISE',
  'POLICY_NOT_YET_VALID',
  'POLICY_EXPIRED',
  'POLICY_REVOKED',
  'POLICY_ROLE',
  'POLICY_BAD_ENROLMENT',
  'POLICY_NO_AUTHORITY',
  'POLICY_KEY_REUSED',
  'POLICY_NAME_MISMATCH',
  'POLICY_TRUSTED_NOT_AUTHORITY',
] as const;

export type VerifyCode = (typeof VERIFY_CODES)[number];

/** Which check found it: cryptographic and structural layers first, policy apart. */
export type Layer = 'bundle' | 'log' | 'refs' | 'food' | 'policy';

export interface BundleFinding {
  code: VerifyCode | ErrorCode | FoodCode;
  severity: 'error' | 'warning';
  layer: Layer;
  message: string;
  /** Hex log id of the log concerned. */
  logId?: string;
  seq?: number;
  /** Byte offset in the bundle. */
  offset?: number;
  evidence?: { logId: string; seq: number }[];
}

/** The input cannot be verified at all: it cannot be read, or it is not a Suyuan bundle. */
export class BundleReadError extends Error {
  constructor(readonly code: 'BUNDLE_UNREADABLE' | 'BUNDLE_NOT_A_BUNDLE', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BundleReadError';
  }
}

/**
 * `suyuan`: the SDK a market system installs. Open a business's ledger, record food events
 * with one typed call each, print trace codes with QR, trace, recall and export bundles.
 */
export { Ledger, type LedgerInfo } from './ledger.js';
export type { LedgerOptions, DirLedgerOptions, StoreLedgerOptions, CommonLedgerOptions } from './open.js';
export type { AutoCheckpointOptions } from './auto-checkpoint.js';
export { Appended, type Issued } from './result.js';
export type {
  LedgerEvents, EventName, BatchEvent,
  InputUseEvent, HarvestEvent, TestEvent, CertificateEvent, PackEvent, TransformEvent, ShipEvent, ReceiveEvent, SaleEvent,
  CateringUseEvent, DisposalEvent, RecallEvent, CorrectionEvent,
} from './events.js';
export { KIND_OF, eventNameOf } from './events.js';
export { TraceCode, type QrOptions } from './trace-code.js';
export { formatRef, parseRef } from './ref.js';
export { writeKeyPair, newSecretKey } from './keys.js';
export { AUTHORITY_ROLE, isAuthorityLog } from './records.js';
export { formatTraceUri, parseTraceUri, type TraceTarget } from './digital-link.js';
export type { ExportResult } from './export.js';
export { pushLog, type PushLogOptions, type PushLogResult } from './push.js';
export { HUB_CODES, HubError, isHubError, type HubCode, type AnyCode } from './hub-error.js';
export { SdkError, isSdkError, SDK_CODES, type SdkCode, type SdkErrorCode, type SdkErrorLocation } from './errors.js';

// What an integrator needs from the layers below, so that one import is enough.
export { SuyuanError, isSuyuanError, generateSecretKey, type Checkpoint, type EventInput, type RecordRef, type Signer, type SuiteName, type ErrorCode } from '@suyuan/core';
export { nodeSigner } from '@suyuan/core/node';
export { MemoryLogStore, FileLogStore, readSecretKeyFile, writeSecretKeyFile, readPublicKeyFile, writePublicKeyFile, type LogStore, type DurabilityMode } from '@suyuan/store';
export {
  FOOD_CODES, validateEvent,
  type FoodCode, type FoodFinding, type Product, type LotLine, type ItemLine, type Location, type Party, type BizTransaction, type Common,
  type TraceBack, type Recall, type Quantity,
} from '@suyuan/food';
export { verifyBundle, type BundleReport } from '@suyuan/verify';

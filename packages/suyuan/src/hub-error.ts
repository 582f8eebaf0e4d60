import type { ErrorCode } from '@suyuan/core';
import type { VerifyCode } from '@suyuan/verify';

/**
 * Codes only the hub reports. The list is closed and the codes are stable: clients match on
 * them. They live here, below the hub, because the push client speaks the same protocol.
 */
export const HUB_CODES = [
  'HUB_BAD_REQUEST', // the request is not what the route expects (shape, parameters)
  'HUB_MEDIA_TYPE', // a push body that is not application/cbor
  'HUB_TOO_LARGE', // body over the size limit
  'HUB_TOO_MANY_RECORDS', // more records in one push than the limit
  'HUB_UNKNOWN_LOG', // no such log on this hub
  'HUB_GAP', // a push that starts past the hub's size, or a log's first push not from seq 0
  'HUB_UNCOVERED', // records the push's checkpoint does not cover
  'HUB_CHECKPOINT_BEYOND', // a checkpoint larger than the records the hub would hold
  'HUB_FORK', // a different history at a stored position: refused, evidence kept
  'HUB_CONFLICT', // another push changed the log meanwhile; try again
  'HUB_RANGE', // a read past what is stored
  'HUB_NOT_FOUND', // no such route, or no such trace code
  'HUB_UNAUTHORIZED', // a regulator route without a valid token
  'HUB_RATE_LIMITED', // too many requests from this client
  'HUB_UNAVAILABLE', // the storage backend cannot be reached
  'HUB_INTERNAL',
] as const;
/** A code of the hub's own. */
export type HubCode = (typeof HUB_CODES)[number];

/** Every refusal the hub sends carries one of these: its own, core's (records, chain, signatures) or verify's (policy). */
export type AnyCode = HubCode | ErrorCode | VerifyCode;

/** A hub's refusal (or the push client's, before sending): the hub's stable `code` and the HTTP `status`. */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly code: AnyCode,
    readonly status: number,
    readonly detail: string,
    readonly where: { seq?: number; path?: string } = {},
  ) {
    super(`${code}: ${detail}`);
  }
}

/** True if `e` is a `HubError` (with `code`, when given). */
export function isHubError(e: unknown, code?: AnyCode): e is HubError {
  return e instanceof HubError && (code === undefined || e.code === code);
}

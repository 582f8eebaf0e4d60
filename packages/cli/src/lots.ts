import { toHex } from '@suyuan/core';
import type { TraceStart } from '@suyuan/food';
import { CliError } from './io.js';

/** A log as far as naming it goes: its id and the enterprise its genesis names. */
export interface NamedLog {
  logId: Uint8Array;
  enterprise: string;
}

/**
 * `ENTERPRISE:LOT` or `LOGID:LOT` as a trace start. Without the colon the value is refused
 * (never cut); a business that is not among `logs` is not found.
 */
export function lotStart(spec: string, logs: readonly NamedLog[], option: string): TraceStart {
  const { who, lot } = parseLotSpec(spec, option);
  const log = /^[0-9a-f]{64}$/.test(who) ? logs.find((l) => toHex(l.logId) === who) : logs.find((l) => l.enterprise === who);
  if (log === undefined) throw new CliError('CLI_NOT_FOUND', `no log of ${who} here, so no lot ${lot} of it`, { option: option.slice(2), value: spec });
  return { logId: log.logId, lot };
}

/** Splits `WHO:LOT`; a value without both parts is refused, before anything is read. */
export function parseLotSpec(spec: string, option: string): { who: string; lot: string } {
  const i = spec.indexOf(':');
  if (i <= 0 || i === spec.length - 1) throw new CliError('CLI_BAD_VALUE', `${option} ${spec}: give ENTERPRISE:LOT or LOGID:LOT, e.g. 91350100M000100Y43:QK-1`, { option: option.slice(2), value: spec });
  return { who: spec.slice(0, i), lot: spec.slice(i + 1) };
}

export function describeStart(s: TraceStart): string {
  return 'traceCode' in s ? `receipt ${s.traceCode}` : 'lot' in s ? `lot ${s.lot}` : `record ${s.seq}`;
}

export function notFound(s: TraceStart, option: string): CliError {
  return new CliError('CLI_NOT_FOUND', `nothing matches ${describeStart(s)}: no such ${'traceCode' in s ? 'trace code' : 'lot'} here`, { option: option.slice(2), ...('traceCode' in s ? { traceCode: s.traceCode } : 'lot' in s ? { lot: s.lot } : {}) });
}

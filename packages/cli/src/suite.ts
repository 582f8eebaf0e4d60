import { isSuiteName, SUITES, type SuiteName } from '@suyuan/core';
import { optional, type Flags, type OptionSpec } from './args.js';
import { CliError } from './io.js';

/** `--suite`: ed25519-sha256 (the default) or sm2-sm3 (国密, FORMAT.md §15). */
export function suiteOption(f: Flags): SuiteName {
  const value = optional(f, 'suite') ?? 'ed25519-sha256';
  if (!isSuiteName(value)) throw new CliError('CLI_BAD_VALUE', `--suite ${value} is not a suite: give one of ${SUITES.join(', ')}`, { option: 'suite', value });
  return value;
}

export const SUITE_OPTION: OptionSpec = { type: 'string', value: 'SUITE', help: `the key's crypto suite: ${SUITES.join(' (default) or ')} (国密 SM2/SM3)` };


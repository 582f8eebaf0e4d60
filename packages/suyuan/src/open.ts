import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord, genesisInfo, isSuiteName, type CryptoProvider, type Signer, type SuiteName } from '@suyuan/core';
import { isValidUscc } from '@suyuan/food';
import { DurableLog, FileLogStore, readSecretKeyFile, type DurabilityMode, type LogStore } from '@suyuan/store';
import type { AutoCheckpointOptions } from './auto-checkpoint.js';
import { isValidHost } from './digital-link.js';
import { SdkError } from './errors.js';
import { writeKeyPair } from './keys.js';
import { AUTHORITY_ROLE, isAuthorityLog } from './records.js';

/** Options every ledger takes, whatever its store. */
export interface CommonLedgerOptions {
  /**
   * 统一社会信用代码 of the business: a new ledger's genesis names it (required to create one);
   * an existing ledger, when it is given, must be this enterprise's.
   */
  enterprise?: string;
  /** The business's name, written into a new ledger's genesis (the authority's enrolment is what names it to others). */
  name?: string;
  /**
   * Create an authority's ledger (a regulator's or a market operator's): its genesis says so,
   * and only such a ledger takes `authority.*` records (enrolments, revocations) through
   * `appendRecords`. Its enterprise may be another identifier than a 统一社会信用代码.
   */
  authority?: boolean;
  /** Sign checkpoints on their own, by count and by time. Default: only when asked, and on close. */
  autoCheckpoint?: AutoCheckpointOptions;
  /** Sign a checkpoint on `close()` if anything is unsigned. Default true. */
  checkpointOnClose?: boolean;
  /** GS1 Digital Link resolver host for trace codes of products with a GTIN. Default `id.gs1.org`. */
  resolver?: string;
  /** Hub host serving `/t/{code}` for trace codes of products without a GTIN (e.g. `trace.example.cn`). */
  hub?: string;
  /** Crypto provider for hashing; default node:crypto. */
  crypto?: CryptoProvider;
  /** Clock for record times (ms since the epoch); default `Date.now`. */
  clock?: () => number;
}

/** A ledger in one directory on the embedded file store. */
export interface DirLedgerOptions extends CommonLedgerOptions {
  /** The ledger's directory: `author.key` (and `author.pub`), `log/` (records and checkpoints). Created if absent. */
  dir: string;
  /**
   * The secret key file (PKCS#8 PEM). Default `{dir}/author.key`. Created (mode 0600) with a
   * new key only when the ledger is new; never overwritten.
   */
  key?: string;
  /**
   * The crypto suite of a new ledger's key and log: `ed25519-sha256` (default) or `sm2-sm3`
   * (国密 SM2/SM3, FORMAT.md §15). An existing key decides by itself; naming another suite
   * than its own is LEDGER_OPTIONS.
   */
  suite?: SuiteName;
  /** When an append resolves (see @suyuan/store's `DurabilityMode`). Default `batched`: durable, with fsyncs shared. */
  durability?: DurabilityMode;
  /** `batched`: the longest an append waits to share an fsync. Default 5 ms. */
  maxDelayMs?: number;
}

/** A ledger on any store with any signer (an HSM, a KMS). */
export interface StoreLedgerOptions extends CommonLedgerOptions {
  store: LogStore;
  signer: Signer;
}

/** What `Ledger.open` takes. */
export type LedgerOptions = DirLedgerOptions | StoreLedgerOptions;

/** An opened log and what the ledger needs to know about where it lives. */
export interface Opened {
  log: DurableLog;
  publicKey: Uint8Array;
  name: string | undefined;
  enterprise: string;
  /** Whether the genesis marks an authority's ledger. */
  authority: boolean;
  created: boolean;
  dir: string | undefined;
  durability: DurabilityMode | undefined;
}

function checkOptions(o: LedgerOptions): void {
  const bad = (path: string, why: string) => new SdkError('LEDGER_OPTIONS', why, { path });
  if (o === null || typeof o !== 'object') throw bad('', 'Ledger.open takes an options object');
  if (o.enterprise !== undefined && (typeof o.enterprise !== 'string' || o.enterprise === '' || (!o.authority && !isValidUscc(o.enterprise)))) {
    throw new SdkError('FOOD_BAD_USCC', `${JSON.stringify(o.enterprise)} is not a 统一社会信用代码 (18 characters with its check character)`, { path: 'enterprise' });
  }
  if ('dir' in o && 'store' in o) throw bad('store', 'give either dir (the embedded file store) or store and signer, not both');
  if (!('dir' in o) && !('store' in o && 'signer' in o)) throw bad('dir', 'give dir, or store and signer');
  if ('suite' in o && o.suite !== undefined && !isSuiteName(o.suite)) throw bad('suite', `${JSON.stringify(o.suite)} is not a suite: ed25519-sha256 or sm2-sm3`);
  for (const host of ['resolver', 'hub'] as const) if (o[host] !== undefined && !isValidHost(o[host])) throw bad(host, `${JSON.stringify(o[host])} is not a host name`);
  const a = o.autoCheckpoint;
  if (a?.records !== undefined && !(Number.isInteger(a.records) && a.records > 0)) throw bad('autoCheckpoint.records', 'a count of records > 0');
  if (a?.ms !== undefined && !(Number.isInteger(a.ms) && a.ms > 0)) throw bad('autoCheckpoint.ms', 'a whole number of milliseconds > 0');
}

/** Opens or creates the log `opts` names, checking that it is this enterprise's. */
export async function openLog(opts: LedgerOptions): Promise<Opened> {
  checkOptions(opts);
  const logOpts = { ...(opts.crypto ? { crypto: opts.crypto } : {}), ...(opts.clock ? { clock: opts.clock } : {}) };
  const meta = { ...(opts.name !== undefined ? { name: opts.name } : {}), ...(opts.authority ? { role: AUTHORITY_ROLE } : {}) };
  const genesis = { enterprise: opts.enterprise!, ...(Object.keys(meta).length > 0 ? { meta } : {}) };
  const needsEnterprise = () => new SdkError('LEDGER_OPTIONS', 'a new ledger needs its enterprise (统一社会信用代码)', { path: 'enterprise' });
  if ('store' in opts) {
    const isNew = opts.store.size === 0;
    if (isNew && opts.enterprise === undefined) throw needsEnterprise();
    const log = isNew ? await DurableLog.create(opts.store, opts.signer, genesis, logOpts) : await DurableLog.open(opts.store, opts.signer, logOpts);
    return { log, publicKey: opts.signer.publicKey, ...(await identity(log, opts, isNew)), dir: undefined, durability: undefined };
  }
  const durability = opts.durability ?? 'batched';
  const store = await FileLogStore.open(join(opts.dir, 'log'), { mode: durability, ...(opts.maxDelayMs !== undefined ? { maxDelayMs: opts.maxDelayMs } : {}) });
  try {
    const keyPath = opts.key ?? join(opts.dir, 'author.key');
    const isNew = store.size === 0;
    if (isNew && opts.enterprise === undefined) throw needsEnterprise();
    if (!existsSync(keyPath)) {
      if (!isNew) throw new SdkError('LEDGER_KEY_MISSING', 'the ledger exists but its key file does not; a new key would be another author', { file: keyPath });
      await writeKeyPair(keyPath, join(opts.dir, 'author.pub'), opts.suite ?? 'ed25519-sha256'); // both or neither, never over a file
    }
    const signer = readSecretKeyFile(keyPath);
    if (opts.suite !== undefined && signer.suite !== opts.suite) throw new SdkError('LEDGER_OPTIONS', `the key file is of the ${signer.suite} suite, not ${opts.suite}`, { path: 'suite', file: keyPath });
    const log = isNew ? await DurableLog.create(store, signer, genesis, logOpts) : await DurableLog.open(store, signer, logOpts);
    return { log, publicKey: signer.publicKey, ...(await identity(log, opts, isNew)), dir: opts.dir, durability };
  } catch (e) {
    await store.close();
    throw e;
  }
}

async function identity(log: DurableLog, opts: LedgerOptions, created: boolean): Promise<Pick<Opened, 'name' | 'enterprise' | 'authority' | 'created'>> {
  const info = genesisInfo(decodeRecord(await log.store.read(0)));
  const enterprise = opts.enterprise;
  if (enterprise !== undefined && info.enterprise !== enterprise) {
    throw new SdkError('LEDGER_ENTERPRISE_MISMATCH', `this ledger belongs to ${info.enterprise}, not ${enterprise}`, { path: 'enterprise' });
  }
  const authority = info.meta.role === AUTHORITY_ROLE;
  // Asking for an authority's ledger and getting a business's would write enrolments nowhere they count.
  if (opts.authority === true && !authority && !(await isAuthorityLog(log.store))) {
    throw new SdkError('LEDGER_OPTIONS', 'this ledger exists and is not an authority\'s', { path: 'authority' });
  }
  return { name: typeof info.meta.name === 'string' ? info.meta.name : undefined, enterprise: info.enterprise, authority, created };
}

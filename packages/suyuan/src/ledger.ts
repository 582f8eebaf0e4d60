import { toHex, type Checkpoint, type EventInput, type RecordRef } from '@suyuan/core';
import type { Recall, TraceBack } from '@suyuan/food';
import type { DurabilityMode, DurableLog, RecoveryReport } from '@suyuan/store';
import { AutoCheckpoint } from './auto-checkpoint.js';
import { SdkError } from './errors.js';
import {
  correctionSeqs, prepare, type BatchEvent, type Prepared, type CateringUseEvent, type CertificateEvent, type CorrectionEvent, type DisposalEvent, type EventName,
  type HarvestEvent, type InputUseEvent, type LedgerEvents, type PackEvent, type ReceiveEvent, type RecallEvent, type SaleEvent, type ShipEvent,
  type TestEvent, type TransformEvent,
} from './events.js';
import { writeBundle, type ExportResult } from './export.js';
import { openLog, type LedgerOptions, type Opened } from './open.js';
import { pushLog, type PushLogOptions, type PushLogResult } from './push.js';
import { checkEnrolments } from './enrolments.js';
import { checkRecords, isAuthorityLog } from './records.js';
import { lotStart, ownGraph, traceStart } from './queries.js';
import { Appended, type Issued } from './result.js';
import { traceCodeFor, type TraceHosts } from './trace-code.js';

const NO_OWN_REFS = { ownRef: () => undefined };

/** What `inspect()` tells about a ledger. */
export interface LedgerInfo {
  /** The log id, hex. */
  logId: string;
  /** The business's 统一社会信用代码. */
  enterprise: string;
  /** The name in the genesis, if one was given. */
  name: string | undefined;
  /** Whether this is an authority's ledger (enrolments and revocations). */
  authority: boolean;
  /** The author's Ed25519 public key, hex: what the authority enrols. */
  publicKey: string;
  /** Records, the genesis included. */
  size: number;
  /** Records covered by the latest signed checkpoint. */
  signedSize: number;
  /** The latest signed checkpoint's size and time (ms). */
  lastCheckpoint: { size: number; time: number } | undefined;
  /** Whether `Ledger.open` created the ledger. */
  created: boolean;
  /** The directory of a ledger on the embedded file store. */
  dir: string | undefined;
  /** The file store's durability mode (undefined for a store given to `Ledger.open`). */
  durability: DurabilityMode | undefined;
  /** What opening the store repaired (a torn tail after a crash) or found. */
  recovery: RecoveryReport;
}

/**
 * One business's ledger: an append-only, hash-chained, signed log of its food events. Open it
 * with `Ledger.open`, record with one method per event kind (each resolves once the record is
 * durable), and close it. Every method of a closed ledger rejects with `LEDGER_CLOSED`.
 */
export class Ledger {
  private closed = false;
  private lastSigned: Checkpoint | undefined;
  private signing: Promise<unknown> = Promise.resolve();
  /** Appends handed to the store and not yet settled; `close()` waits for them. */
  private inFlight = 0;
  private onIdle: (() => void) | undefined;
  private readonly auto: AutoCheckpoint | undefined;
  private autoError: unknown;
  private readonly hosts: TraceHosts;

  /**
   * @param enterprise the business's 统一社会信用代码, as its genesis names it
   */
  private constructor(private readonly opened: Opened, readonly enterprise: string, private readonly options: LedgerOptions, checkpoints: Checkpoint[]) {
    this.lastSigned = checkpoints.reduce<Checkpoint | undefined>((a, c) => (a === undefined || c.size > a.size ? c : a), undefined);
    this.hosts = { resolver: options.resolver ?? 'id.gs1.org', hub: options.hub };
    const a = options.autoCheckpoint;
    if (a !== undefined && (a.records !== undefined || a.ms !== undefined)) {
      this.auto = new AutoCheckpoint(a, () => this.unsigned, () => this.sign(), (e) => { this.autoError ??= e; });
    }
  }

  /**
   * Opens a business's ledger, creating it if new: `{ dir, enterprise }` on the embedded file
   * store (key file, log and checkpoints in one directory), or `{ store, signer, enterprise }`
   * on any store with any signer (HSM, KMS). Refuses a ledger of another enterprise
   * (`LEDGER_ENTERPRISE_MISMATCH`) and an existing ledger whose key file is gone
   * (`LEDGER_KEY_MISSING`); a second writer gets the store's `STORE_LOCKED`.
   */
  static async open(options: LedgerOptions): Promise<Ledger> {
    const opened = await openLog(options);
    return new Ledger(opened, opened.enterprise, options, await opened.log.store.checkpoints());
  }

  private get log(): DurableLog {
    return this.opened.log;
  }

  /** The log id: the genesis record's leaf hash. */
  get logId(): Uint8Array {
    return this.log.logId;
  }

  /** Records appended, the genesis included (appends under way count once accepted). */
  get size(): number {
    return this.log.size;
  }

  private get unsigned(): number {
    return this.log.size - (this.lastSigned?.size ?? 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new SdkError('LEDGER_CLOSED', 'the ledger is closed; open it again');
    if (this.autoError !== undefined) {
      const e = this.autoError;
      this.autoError = undefined;
      throw e;
    }
  }

  // ---- one method per event kind ----

  /** Records seed, feed, fertiliser, veterinary drug or pesticide used (`food.input-use`). */
  inputUse(event: InputUseEvent): Promise<Appended> { return this.one('inputUse', event); }
  /** Records a harvest, slaughter, catch or collection: a lot comes into being (`food.harvest`). */
  harvest(event: HarvestEvent): Promise<Appended> { return this.one('harvest', event); }
  /** Records a rapid or lab test of a lot (`food.test`). */
  test(event: TestEvent): Promise<Appended> { return this.one('test', event); }
  /** Records a 合格证 or another certificate (`food.certificate`). */
  certificate(event: CertificateEvent): Promise<Appended> { return this.one('certificate', event); }
  /** Records lots packed into a container, issuing a trace code as the container id if it has none (`food.pack`). */
  pack(event: PackEvent): Promise<Issued> { return this.one('pack', event) as Promise<Issued>; }
  /** Records input lots turned into output lots (`food.transform`). */
  transform(event: TransformEvent): Promise<Appended> { return this.one('transform', event); }
  /** Records a shipment; hand its `ref` to the customer (dispatch note, EDI) for their receive (`food.ship`). */
  ship(event: ShipEvent): Promise<Appended> { return this.one('ship', event); }
  /** Records goods received against the supplier's shipment reference, which is required (`food.receive`). */
  receive(event: ReceiveEvent): Promise<Appended> { return this.one('receive', event); }
  /** Records a retail sale, issuing a trace code if none is given (`food.sale`). */
  sale(event: SaleEvent): Promise<Issued> { return this.one('sale', event) as Promise<Issued>; }
  /** Records a lot used in a kitchen (`food.catering-use`). */
  cateringUse(event: CateringUseEvent): Promise<Appended> { return this.one('cateringUse', event); }
  /** Records a quantity destroyed (`food.disposal`). */
  disposal(event: DisposalEvent): Promise<Appended> { return this.one('disposal', event); }
  /** Records a recall notice (`food.recall`); `recall(lot)` is the query. */
  recallNotice(event: RecallEvent): Promise<Appended> { return this.one('recallNotice', event); }
  /** Records a correction voiding earlier records of this ledger (`food.correction`). */
  correction(event: CorrectionEvent): Promise<Appended> { return this.one('correction', event); }

  // Not async: a sale at counter speed should cost no promise more than it needs.
  private one<K extends EventName>(kind: K, event: LedgerEvents[K]): Promise<Appended> {
    try {
      this.assertOpen();
      if (kind === 'correction') return this.appendBatch([{ kind, event } as BatchEvent]).then((r) => r[0]!);
      return this.writeOne(prepare(kind, event, undefined, NO_OWN_REFS));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Appends many events at once, all or nothing: every event is checked first (a bad one
   * rejects the batch with its code, field `path` and `index`, and nothing is written), and the
   * batch resolves when all its records are durable.
   */
  async appendBatch(events: readonly BatchEvent[]): Promise<Appended[]> {
    this.assertOpen();
    if (!Array.isArray(events)) throw new SdkError('FOOD_WRONG_TYPE', 'appendBatch takes an array of { kind, event }', { path: '' });
    const seqs = correctionSeqs(events);
    const own = seqs.length > 0 ? await this.ownRefs(seqs) : undefined;
    const ctx = { ownRef: (seq: number) => own?.get(seq) };
    const prepared = events.map((e, i) => {
      if (e === null || typeof e !== 'object') throw new SdkError('FOOD_WRONG_TYPE', 'a batch entry is { kind, event }', { path: '', index: i });
      return prepare(e.kind, e.event, i, ctx);
    });
    return this.write(prepared);
  }

  /**
   * Appends events given as records, `{ kind, body, refs?, time? }` (what an ERP export or a
   * JSON Lines file holds; `refs` as `RecordRef`s), in one all-or-nothing batch: each is
   * checked first (the kind's namespace `food.`, `authority.` or `ext.`, a food body's schema,
   * a receipt's reference) and a bad one rejects the batch with its code, field and `index`.
   * `authority.*` records go only into an authority's ledger (`LEDGER_NOT_AUTHORITY`); an
   * enrolment repeating the key's current one is refused (`ENROL_DUPLICATE`), as is one of the
   * ledger's own key (`ENROL_OWN_KEY`).
   * No trace code is issued: a record is written as it is given.
   */
  async appendRecords(events: readonly EventInput[]): Promise<Appended[]> {
    this.assertOpen();
    checkRecords(events);
    const authority = events.findIndex((e) => e.kind.startsWith('authority.'));
    if (authority >= 0 && !this.opened.authority && !(await isAuthorityLog(this.log.store))) {
      throw new SdkError('LEDGER_NOT_AUTHORITY', `${events[authority]!.kind}: this is not an authority's ledger; enrolments and revocations are written only there`, { path: 'kind', index: authority });
    }
    if (authority >= 0) await checkEnrolments(this.log.store, this.opened.publicKey, events);
    return this.write(events.map((input) => ({ input })));
  }

  /** Appends prepared events in one all-or-nothing batch; resolves when durable. */
  private write(prepared: readonly Prepared[]): Promise<Appended[]> {
    this.assertOpen();
    const pending = this.log.appendBatch(prepared.map((p) => p.input));
    this.inFlight++;
    return pending.then(
      (records) => {
        this.settled();
        this.auto?.appended();
        return records.map((r, i) => this.result(r, prepared[i]!));
      },
      (e: unknown) => {
        this.settled();
        throw e;
      },
    );
  }

  /** `write` for one event, the sale at counter speed: no arrays or promises of its own beyond the store's. */
  private writeOne(prepared: Prepared): Promise<Appended> {
    const pending = this.log.appendBatch([prepared.input]);
    this.inFlight++;
    return pending.then(
      (records) => {
        this.settled();
        this.auto?.appended();
        return this.result(records[0]!, prepared);
      },
      (e: unknown) => {
        this.settled();
        throw e;
      },
    );
  }

  private result(r: { seq: number; leafHash: Uint8Array }, prepared: Prepared): Appended {
    const t = prepared.traceCode;
    return new Appended(r.seq, r.leafHash, this.log.logId, t === undefined ? undefined : traceCodeFor(t.code, t.line, this.hosts));
  }

  private settled(): void {
    if (--this.inFlight === 0 && this.onIdle !== undefined) {
      this.onIdle();
      this.onIdle = undefined;
    }
  }

  private async ownRefs(seqs: number[]): Promise<Map<number, RecordRef>> {
    const out = new Map<number, RecordRef>();
    const size = this.log.store.size;
    for (const seq of new Set(seqs)) {
      if (!Number.isInteger(seq) || seq <= 0 || seq >= size) continue;
      const [leafHash] = await this.log.store.leafHashes(seq, seq + 1);
      out.set(seq, { logId: this.log.logId, seq, leafHash: leafHash! });
    }
    return out;
  }

  // ---- checkpoints ----

  /** Signs a checkpoint over every record so far (stored before it is returned); the latest one if nothing is new. */
  async checkpoint(): Promise<Checkpoint> {
    this.assertOpen();
    return this.sign();
  }

  private sign(): Promise<Checkpoint> {
    const run = this.signing.then(async () => {
      if (this.lastSigned !== undefined && this.lastSigned.size === this.log.size) return this.lastSigned;
      const cp = await this.log.checkpoint();
      if (this.lastSigned === undefined || cp.size > this.lastSigned.size) this.lastSigned = cp;
      return cp;
    });
    this.signing = run.catch(() => undefined);
    return run;
  }

  // ---- queries and export ----

  /** Traces back from a trace code (or its URI) over this ledger's own records: every lot upstream and its origins here. */
  async trace(code: string): Promise<TraceBack> {
    this.assertOpen();
    if (typeof code !== 'string') throw new SdkError('TRACE_CODE_UNKNOWN', 'a trace code is a string', { path: 'code' });
    const own = await ownGraph(this.log.store, this.log.logId, this.enterprise);
    return own.queries.traceBack(traceStart(own, code));
  }

  /**
   * A recall report for one of this business's lots over its own records: the lot and what
   * came of it here (sold, served, disposed, on hand). `LOT_UNKNOWN` if no record names it.
   * (`recallNotice()` records a notice.)
   */
  async recall(lot: string): Promise<Recall> {
    this.assertOpen();
    if (typeof lot !== 'string') throw new SdkError('LOT_UNKNOWN', 'a lot code is a string', { path: 'lot' });
    const own = await ownGraph(this.log.store, this.log.logId, this.enterprise);
    return own.queries.recall([lotStart(own, lot)]);
  }

  /**
   * Writes a bundle a regulator verifies: the whole ledger, or with `trace` the excerpt one
   * trace code needs (with inclusion proofs). Signs a checkpoint first if anything is
   * unsigned. Never overwrites a file (`EXPORT_EXISTS`).
   */
  async exportBundle(path: string, opts: { trace?: string } = {}): Promise<ExportResult> {
    this.assertOpen();
    if (this.unsigned > 0) await this.sign();
    let start;
    if (typeof path !== 'string' || path === '') throw new SdkError('EXPORT_IO', 'give the bundle file\'s path', { path: 'path' });
    if (opts.trace !== undefined) start = traceStart(await ownGraph(this.log.store, this.log.logId, this.enterprise), opts.trace);
    return writeBundle(this.log.store, { logId: this.log.logId, enterprise: this.enterprise }, path, start);
  }

  /**
   * Sends what the hub at `url` does not hold yet of this ledger, signing a checkpoint first if
   * anything is unsigned (the hub takes only signed records). It asks the hub for its
   * checkpoint of this log and proves that the hub's tree is a prefix of this ledger before
   * sending anything (`HUB_FORK` if not); a push cut short resumes from where the hub is, and
   * pushing again when nothing is new sends nothing. A hub's refusal is a `HubError` with the
   * hub's code and HTTP status. Each request ends at a checkpoint, so a ledger that records
   * more than a push's worth of records (`maxRecords`, default 10,000) between checkpoints
   * needs `autoCheckpoint.records` (`HUB_TOO_MANY_RECORDS` otherwise).
   */
  async push(url: string, opts: PushLogOptions = {}): Promise<PushLogResult> {
    this.assertOpen();
    if (typeof url !== 'string' || !/^https?:\/\/[^/]/.test(url)) throw new SdkError('PUSH_URL', 'give the hub\'s http:// or https:// URL', { path: 'url' });
    if (this.unsigned > 0) await this.sign();
    return pushLog(url, this.log.store, { ...(this.options.crypto ? { crypto: this.options.crypto } : {}), ...opts });
  }

  /** What this ledger is and how far it is signed. */
  inspect(): LedgerInfo {
    this.assertOpen();
    const cp = this.lastSigned;
    return {
      logId: toHex(this.log.logId), enterprise: this.enterprise, name: this.opened.name, authority: this.opened.authority, publicKey: toHex(this.opened.publicKey),
      size: this.log.size, signedSize: cp?.size ?? 0, lastCheckpoint: cp === undefined ? undefined : { size: cp.size, time: cp.time },
      created: this.opened.created, dir: this.opened.dir, durability: this.opened.durability, recovery: this.log.store.recovery,
    };
  }

  /**
   * Waits for appends under way, stops automatic checkpoints, signs a last checkpoint if
   * anything is unsigned (unless `checkpointOnClose: false`) and closes the store. Closing
   * twice is harmless; every other call after it rejects with `LEDGER_CLOSED`.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.auto?.stop();
      if (this.inFlight > 0) await new Promise<void>((resolve) => { this.onIdle = resolve; });
      if ((this.options.checkpointOnClose ?? true) && this.unsigned > 0) await this.sign();
    } finally {
      await this.log.close();
    }
  }
}

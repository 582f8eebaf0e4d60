import pg from 'pg';
import {
  bytesEqual, decodeCheckpoint, decodeCosignature, encodeCheckpoint, encodeCosignature,
  type Checkpoint, type Cosignature, type SuiteName,
} from '@suyuan/core';
import { HubError, isHubError } from '../errors.js';
import type { AppendBatch, HubStore, StoreWatcher, StoredLog, TraceCodeHit } from './hub-store.js';
import { MIGRATIONS } from './pg-migrations.js';

export interface PgOptions {
  /** postgres://user@host:port/db */
  url: string;
  /** A schema of its own (created if absent), e.g. one per test or per tenant. Default: the search path's. */
  schema?: string;
  /** Pool size. Default 10. */
  max?: number;
}

const MIGRATION_LOCK = 0x5359_4855; // 'SYHU'

const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length);

/**
 * The PostgreSQL backend. The database, not the process, enforces one history per log: an
 * append runs in one transaction that locks the log's row, checks the stored size and last
 * leaf hash, registers the checkpoint's root (one per size, by primary key) and inserts the
 * records (one per position, by primary key). Two hub processes racing on one log: one
 * commits, the other gets `HUB_CONFLICT` and re-checks its push against what won.
 */
export class PgHubStore implements HubStore {
  readonly kind = 'postgres';

  private readonly watchers: StoreWatcher[] = [];
  private listener: pg.Client | undefined;
  private closed = false;

  private constructor(private readonly pool: pg.Pool, private readonly clientConfig: pg.ClientConfig) {}

  static async open(opts: PgOptions): Promise<PgHubStore> {
    if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new HubError('HUB_BAD_REQUEST', 400, 'schema: lower-case letters, digits and _');
    const clientConfig: pg.ClientConfig = {
      // Also how long a push may wait for a free pooled connection: a burst of large pushes must
      // queue, not fail. A server that is down refuses at once (ECONNREFUSED: 503 without waiting).
      connectionString: opts.url, connectionTimeoutMillis: 30_000,
      ...(opts.schema !== undefined ? { options: `-c search_path=${opts.schema}` } : {}),
    };
    const pool = new pg.Pool({ ...clientConfig, max: opts.max ?? 10 });
    // An idle client losing its server must not crash the process: the next query reports it.
    pool.on('error', () => undefined);
    const store = new PgHubStore(pool, clientConfig);
    try {
      await store.migrate(opts.schema);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  private async migrate(schema: string | undefined): Promise<void> {
    await this.tx(async (c) => {
      await c.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (schema !== undefined) await c.query(`create schema if not exists ${schema}`);
      await c.query('create table if not exists hub_migrations (version int primary key, applied_at timestamptz not null default now())');
      const done = new Set((await c.query<{ version: number }>('select version from hub_migrations')).rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('insert into hub_migrations (version) values ($1)', [m.version]);
      }
    });
  }

  /** Runs a query, turning a lost or refused connection into `HUB_UNAVAILABLE`. */
  private async q<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (e) {
      throw unavailable(e);
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw unavailable(e);
    }
    // A checked-out client whose server goes away between two queries emits 'error': without a
    // listener that would crash the process. The query in progress (or the next) fails anyway.
    const onError = () => undefined;
    c.on('error', onError);
    let broken = false;
    try {
      await c.query('begin');
      const r = await fn(c);
      await c.query('commit');
      return r;
    } catch (e) {
      const mapped = unavailable(e);
      broken = isHubError(mapped, 'HUB_UNAVAILABLE');
      if (!broken) await c.query('rollback').catch(() => undefined);
      throw mapped;
    } finally {
      c.off('error', onError);
      // A connection that failed is dropped, never handed to the next push.
      c.release(broken ? true : undefined);
    }
  }

  async ready(): Promise<void> {
    await this.q('select 1');
  }

  async log(logId: Uint8Array): Promise<StoredLog | undefined> {
    const r = await this.q<LogRow>('select * from hub_logs where log_id = $1', [buf(logId)]);
    return r.rows[0] === undefined ? undefined : fromRow(r.rows[0]);
  }

  async logs(): Promise<StoredLog[]> {
    return (await this.q<LogRow>('select * from hub_logs order by log_id')).rows.map(fromRow);
  }

  async logsByAuthor(authors: readonly Uint8Array[]): Promise<StoredLog[]> {
    if (authors.length === 0) return [];
    return (await this.q<LogRow>('select * from hub_logs where author = any($1::bytea[]) order by log_id', [authors.map(buf)])).rows.map(fromRow);
  }

  /** One statement, so one round trip and its own transaction: see hub_append (migration 5). */
  async append(b: AppendBatch): Promise<void> {
    const cp = b.checkpoint;
    const cs = b.cosignature;
    await this.q('select hub_append($1, $2, $3, $4::bytea[], $5::bytea[], $6, $7::bytea[], $8, $9, $10, $11, $12, $13, $14, $15, $16::text[], $17::bigint[], $18, $19, $20::bytea[], $21)', [
      buf(b.logId), b.from, buf(b.prev), byteaArray(b.records), byteaArray(b.leafHashes), b.lastTime, byteaArray(b.frontier),
      b.genesis === undefined ? null : buf(b.genesis.author), b.genesis?.suite ?? null, b.genesis?.enterprise ?? null,
      cp.size, buf(cp.root), cp.time, buf(cp.signature), buf(encodeCheckpoint(cp)),
      textArray(b.traceCodes.map((t) => t.code)), b.traceCodes.map((t) => t.seq),
      cs === undefined ? null : buf(cs.witness), cs === undefined ? null : buf(encodeCosignature(cs)),
      b.authorities === undefined ? null : byteaArray(b.authorities.authors), b.authorities?.state ?? null,
    ]);
  }

  private async size(logId: Uint8Array): Promise<number> {
    const r = await this.q<{ size: string }>('select size from hub_logs where log_id = $1', [buf(logId)]);
    if (r.rows[0] === undefined) throw new HubError('HUB_UNKNOWN_LOG', 404, 'no such log on this hub');
    return Number(r.rows[0].size);
  }

  private async checkRange(logId: Uint8Array, from: number, to: number): Promise<void> {
    const size = await this.size(logId);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from || to > size) {
      throw new HubError('HUB_RANGE', 416, `[${from}, ${to}) is not within the ${size} records stored`);
    }
  }

  async records(logId: Uint8Array, from: number, to: number): Promise<Uint8Array[]> {
    await this.checkRange(logId, from, to);
    if (from === to) return [];
    const r = await this.q<{ record: Buffer }>('select record from hub_records where log_id = $1 and seq >= $2 and seq < $3 order by seq', [buf(logId), from, to]);
    return r.rows.map((x) => x.record);
  }

  async leafHashes(logId: Uint8Array, from: number, to: number): Promise<Uint8Array[]> {
    await this.checkRange(logId, from, to);
    if (from === to) return [];
    const r = await this.q<{ leaf_hash: Buffer }>('select leaf_hash from hub_records where log_id = $1 and seq >= $2 and seq < $3 order by seq', [buf(logId), from, to]);
    return r.rows.map((x) => x.leaf_hash);
  }

  async checkpoints(logId: Uint8Array): Promise<Checkpoint[]> {
    await this.size(logId);
    const r = await this.q<{ encoded: Buffer }>('select encoded from hub_checkpoints where log_id = $1 order by size, time, signature', [buf(logId)]);
    return r.rows.map((x) => decodeCheckpoint(x.encoded));
  }

  async putCheckpoint(cp: Checkpoint): Promise<void> {
    const size = await this.size(cp.logId);
    if (cp.size > size) throw new HubError('HUB_INTERNAL', 500, 'a checkpoint past the stored records');
    await this.tx((c) => putCheckpointIn(c, cp));
  }

  async cosignatures(logId: Uint8Array): Promise<Cosignature[]> {
    await this.size(logId);
    const r = await this.q<{ encoded: Buffer }>('select encoded from hub_cosignatures where log_id = $1 order by size, witness, root', [buf(logId)]);
    return r.rows.map((x) => decodeCosignature(x.encoded));
  }

  async putCosignature(cs: Cosignature): Promise<void> {
    // One round trip when the log is there; only a no-op asks whether it exists at all.
    const r = await this.q('insert into hub_cosignatures (log_id, size, witness, root, encoded) select $1, $2, $3, $4, $5 where exists (select 1 from hub_logs where log_id = $1) on conflict do nothing',
      [buf(cs.logId), cs.size, buf(cs.witness), buf(cs.root), buf(encodeCosignature(cs))]);
    if (r.rowCount === 0) await this.size(cs.logId);
  }

  async evidence(logId: Uint8Array): Promise<Uint8Array[]> {
    await this.size(logId);
    return (await this.q<{ evidence: Buffer }>('select evidence from hub_evidence where log_id = $1 order by id', [buf(logId)])).rows.map((x) => x.evidence);
  }

  async putEvidence(logId: Uint8Array, evidence: Uint8Array): Promise<void> {
    await this.q('insert into hub_evidence (log_id, evidence) values ($1, $2)', [buf(logId), buf(evidence)]);
  }

  async traceCode(code: string): Promise<TraceCodeHit[]> {
    const r = await this.q<{ log_id: Buffer; seq: string }>('select log_id, seq from hub_trace_codes where code = $1 order by log_id, seq', [code]);
    return r.rows.map((x) => ({ logId: x.log_id, seq: Number(x.seq) }));
  }

  /**
   * Tells `w` whenever any hub process commits a push to this schema (LISTEN on the channel the
   * hub_logs trigger notifies), on a connection of its own; while that connection is lost, says
   * `live(false)` and retries every second.
   */
  watch(w: StoreWatcher): void {
    this.watchers.push(w);
    if (this.listener !== undefined) {
      w.live(true);
      w.changed();
    } else {
      void this.listen();
    }
  }

  private async listen(): Promise<void> {
    if (this.listener !== undefined || this.closed) return;
    const c = new pg.Client(this.clientConfig);
    this.listener = c;
    const lost = () => {
      if (this.listener !== c) return;
      this.listener = undefined;
      for (const w of this.watchers) w.live(false);
      void c.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen(), 1_000).unref();
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', () => { for (const w of this.watchers) w.changed(); });
    try {
      await c.connect();
      const schema = (await c.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
      await c.query(`listen ${c.escapeIdentifier(`hub_appended_${schema}`)}`);
    } catch {
      lost();
      return;
    }
    if (this.listener !== c) return;
    for (const w of this.watchers) {
      w.live(true);
      w.changed();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
    await this.pool.end();
  }
}

interface LogRow {
  log_id: Buffer;
  author: Buffer;
  suite: SuiteName;
  enterprise: string;
  size: string;
  last_leaf: Buffer;
  last_time: string;
  frontier: Buffer[];
}

function fromRow(r: LogRow): StoredLog {
  return { logId: r.log_id, author: r.author, suite: r.suite, enterprise: r.enterprise, size: Number(r.size), lastLeaf: r.last_leaf, lastTime: Number(r.last_time), frontier: r.frontier };
}

/**
 * Registers the root at the checkpoint's size (one per size, ever) and keeps the checkpoint,
 * in one statement: the upsert returns the root stored at that size (this one, or the one
 * there before), and the checkpoint is inserted only if the two agree.
 */
async function putCheckpointIn(c: pg.PoolClient, cp: Checkpoint): Promise<void> {
  const r = await c.query<{ root: Buffer }>(
    `with r as (
       insert into hub_roots (log_id, size, root) values ($1, $2, $3)
       on conflict (log_id, size) do update set root = hub_roots.root returning root
     ), k as (
       insert into hub_checkpoints (log_id, size, time, signature, encoded)
       select $1, $2, $4, $5, $6 from r where r.root = $3 on conflict do nothing
     )
     select root from r`,
    [buf(cp.logId), cp.size, buf(cp.root), cp.time, buf(cp.signature), buf(encodeCheckpoint(cp))],
  );
  if (!bytesEqual(r.rows[0]!.root, cp.root)) throw new HubError('HUB_FORK', 409, `another root is stored at size ${cp.size}`);
}

/**
 * A bytea[] in PostgreSQL's binary array format (dimensions, then each element length-prefixed),
 * sent as a binary parameter: the bytes go as they are, with no hex text for the server to parse.
 */
function byteaArray(items: readonly Uint8Array[], elementType = 17 /* bytea */): Buffer {
  let size = 20;
  for (const x of items) size += 4 + x.length;
  const out = Buffer.allocUnsafe(items.length === 0 ? 12 : size);
  out.writeInt32BE(items.length === 0 ? 0 : 1, 0); // dimensions
  out.writeInt32BE(0, 4); // no nulls
  out.writeInt32BE(elementType, 8);
  if (items.length === 0) return out;
  out.writeInt32BE(items.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const x of items) {
    at = out.writeInt32BE(x.length, at);
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/** A text[] the same way (binary text is its UTF-8 bytes): no quoting and escaping of each trace code. */
function textArray(items: readonly string[]): Buffer {
  return byteaArray(items.map((x) => Buffer.from(x, 'utf8')), 25 /* text */);
}

/** PostgreSQL error classes that mean "the server is not there (now)", and socket errors (ENOENT: a Unix socket path whose server is down). */
function unavailable(e: unknown): unknown {
  if (e instanceof HubError) return e;
  const err = e as { code?: string; message?: string };
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === '23505') return new HubError('HUB_CONFLICT', 409, 'another push stored this position meanwhile');
  if (code === 'SYH01') return new HubError('HUB_CONFLICT', 409, err.message ?? 'another push came first');
  if (code === 'SYH02') return new HubError('HUB_FORK', 409, err.message ?? 'another root is stored at this size');
  if (/^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'ENOENT', 'EAI_AGAIN'].includes(code) || /Connection terminated|timeout exceeded when trying to connect|not queryable|connection error/i.test(err.message ?? '')) {
    return new HubError('HUB_UNAVAILABLE', 503, 'the database is not reachable');
  }
  return e;
}

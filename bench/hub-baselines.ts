/**
 * The two baselines the hub's ingest is measured against, on the same PostgreSQL in the same
 * run: COPY of the same rows (no checking at all: the database's own limit), and the way an
 * integrator would write it by hand (JSON over HTTP, a signature checked and one INSERT per record).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** One COPY per push (the hub's unit of work), `connections` at a time; rows prepared before the clock starts. */
export async function copyBaseline(url: string, schema: string, pushes: { logId: Uint8Array; from: number; records: Uint8Array[]; leaves: Uint8Array[] }[], connections: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: connections, options: `-c search_path=${schema}` });
  try {
    await pool.query(`create schema if not exists ${schema}`);
    await pool.query('create table copy_records (log_id bytea not null, seq bigint not null, leaf_hash bytea not null, record bytea not null, primary key (log_id, seq))');
    const payloads = pushes.map((p) => {
      const id = hex(p.logId);
      return Buffer.from(p.records.map((r, i) => `\\\\x${id}\t${p.from + i}\t\\\\x${hex(p.leaves[i]!)}\t\\\\x${hex(r)}\n`).join(''));
    });
    let next = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: connections }, async () => {
      const c = await pool.connect();
      try {
        for (let k = next++; k < payloads.length; k = next++) {
          await c.query('begin');
          await pipeline(Readable.from([payloads[k]!]), c.query(copyFrom('copy copy_records from stdin')));
          await c.query('commit');
        }
      } finally {
        c.release();
      }
    }));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await pool.end();
  }
}

export interface HandwrittenRecord { logId: string; seq: number; record: string; signature: string; key: string }

/**
 * The hand-written integrator: a node:http server taking JSON batches of records, each signed
 * on its own (Ed25519, base64), checking each signature and inserting each record with its own
 * INSERT (no chain, no tree, no enrolment). Returns the seconds `batches` took from `clients`
 * concurrent senders.
 */
export async function handwrittenBaseline(url: string, schema: string, streams: string[][], poolSize: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` });
  const keys = new Map<string, KeyObject>();
  const keyOf = (b64: string) => {
    let k = keys.get(b64);
    if (k === undefined) keys.set(b64, k = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(b64, 'base64')]), format: 'der', type: 'spki' }));
    return k;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as HandwrittenRecord[];
          for (const r of batch) {
            const record = Buffer.from(r.record, 'base64');
            if (!verify(null, record, keyOf(r.key), Buffer.from(r.signature, 'base64'))) throw new Error('bad signature');
            await pool.query('insert into hand_records (log_id, seq, record, signature) values ($1, $2, $3, $4)', [Buffer.from(r.logId, 'hex'), r.seq, record, Buffer.from(r.signature, 'base64')]);
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        } catch (e) {
          res.writeHead(400).end(String(e));
        }
      })();
    });
  });
  try {
    await pool.query(`create schema if not exists ${schema}`);
    await pool.query('create table hand_records (log_id bytea not null, seq bigint not null, record bytea not null, signature bytea not null, primary key (log_id, seq))');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const t0 = process.hrtime.bigint();
    await Promise.all(streams.map(async (bodies) => {
      for (const body of bodies) {
        const res = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (res.status !== 200) throw new Error(`hand-written baseline: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await pool.end();
  }
}

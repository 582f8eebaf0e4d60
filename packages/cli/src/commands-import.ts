import { writeFileSync } from 'node:fs';
import { toHex, type RecordRef } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { checkAppend } from '@suyuan/food';
import { importEpcisDocument, type ImportedEvent } from '@suyuan/interop';
import type { Appended, Ledger } from 'suyuan';
import { optional, required, say, type Flags } from './args.js';
import { appendAll, appendToLog } from './commands-log.js';
import { Output } from './files.js';
import { CliError, EXIT, toJson, type Io } from './io.js';
import { interop, textSource } from './interop-records.js';

/** An event that is not appended: its index in the document, a code (interop's or food's), why. */
interface Reject { index: number; code: string; message: string; path?: string }

const refKey = (r: RecordRef) => `${toHex(r.logId)}/${r.seq}/${toHex(r.leafHash)}`;

/**
 * `import epcis FILE|- --log DIR --key KEY`: every event of an EPCIS 2.0 document becomes a
 * Suyuan event appended to the log, or nothing is appended (with --partial, the events that
 * map, and the others go to the rejects file).
 */
export async function importCommand(pos: string[], f: Flags, io: Io): Promise<number> {
  const [format, path] = pos as [string, string];
  if (format !== 'epcis') throw new CliError('CLI_BAD_VALUE', `import ${format}: the format is epcis`, { argument: format });
  const dir = required(f, 'log', 'DIR (the log to append to)');
  required(f, 'key', 'KEYFILE');
  const partial = f.partial === true;
  const rejectsPath = optional(f, 'rejects');
  if (partial !== (rejectsPath !== undefined)) throw new CliError('CLI_MISSING_ARGUMENT', '--partial and --rejects FILE go together: the events that do not map are written to FILE', { option: partial ? 'rejects' : 'partial' });
  if (rejectsPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--rejects - writes to standard output, which --json would share: give --rejects FILE', { option: 'rejects' });
  const rejectsOut = rejectsPath === undefined ? undefined : Output.plan(rejectsPath, { force: f.force === true, inputs: { files: [path], dirs: [dir] } });
  const source = await textSource(path, io);
  const { events, rejects: mapped } = await interop(path, () => importEpcisDocument(source, { partial: true, sha256: nodeCrypto.sha256 }));
  const rejects: Reject[] = [...mapped];
  // What the log itself will check (namespace, a receipt's shipment reference), as rejects with the event's index.
  const good: ImportedEvent[] = [];
  for (const ev of events) {
    const found = checkAppend(ev.kind, ev.body, ev.refs);
    if (found.length === 0) good.push(ev);
    else rejects.push({ index: ev.index, code: found[0]!.code, message: found.map((x) => `${x.code} at ${x.path ?? ''}: ${x.message}`).join('; '), ...(found[0]!.path ? { path: found[0]!.path } : {}) });
  }
  rejects.sort((a, b) => a.index - b.index);
  if (!f.json) for (const r of rejects) io.err(`event ${r.index}: ${r.code}${r.path ? ` at ${r.path}` : ''}: ${r.message}`);
  if (rejects.length > 0 && !partial) {
    throw new CliError('CLI_REJECTED', `${rejects.length} event${rejects.length === 1 ? '' : 's'} of ${path} cannot be Suyuan events; nothing was written (--partial --rejects FILE appends the others)`, { rejects });
  }
  const numbered = good.map((ev) => ({ line: ev.index, event: { kind: ev.kind, body: ev.body, refs: ev.refs } }));
  const write = (ledger: Ledger) => appendImported(ledger, good);
  const { logId, appended } = rejectsOut === undefined
    ? await appendToLog(dir, numbered, f, io, 'event', write)
    : await rejectsOut.run(async (o) => {
      const text = rejects.map((r) => JSON.stringify(r)).join('\n') + (rejects.length > 0 ? '\n' : '');
      if (o.toStdout) io.out(text.trimEnd());
      else writeFileSync(o.tmp!, text, { flag: 'wx' });
      return appendToLog(dir, numbered, f, io, 'event', write); // the rejects file is moved into place only once the log has the good events
    });
  const out = appended.map((r, i) => ({ index: good[i]!.index, seq: r.seq, leafHash: toHex(r.leafHash), eventId: good[i]!.eventId }));
  if (f.json) io.out(toJson({ logId: toHex(logId), appended: out, rejects }));
  else say(f, io, `imported ${out.length} events into ${dir}${out.length > 0 ? ` (seq ${out[0]!.seq}..${out[out.length - 1]!.seq})` : ''}${rejects.length > 0 ? `; ${rejects.length} rejected, listed in ${rejectsPath}` : ''}`);
  return EXIT.OK;
}

/**
 * Appends the events in order, rewriting a ref that names another imported event's origin
 * (a correction of an imported event) to the record that event became. A record's leaf hash
 * is known only once it is made, so an event naming one of the same batch starts a new batch.
 */
async function appendImported(ledger: Ledger, events: ImportedEvent[]): Promise<Appended[]> {
  const moved = new Map<string, RecordRef>();
  const all: Appended[] = [];
  let batch: ImportedEvent[] = [];
  let pending = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    const inputs = batch.map((ev) => ({ kind: ev.kind, body: ev.body, refs: ev.refs.map((r) => moved.get(refKey(r)) ?? r) }));
    const done = await appendAll(ledger, inputs);
    done.forEach((r, i) => { const o = batch[i]!.origin; if (o) moved.set(refKey(o), r.record); });
    all.push(...done);
    batch = [];
    pending = new Set();
  };
  for (const ev of events) {
    if (ev.refs.some((r) => pending.has(refKey(r)))) await flush();
    batch.push(ev);
    if (ev.origin) pending.add(refKey(ev.origin));
  }
  await flush();
  return all;
}

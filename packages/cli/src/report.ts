import { writeFileSync } from 'node:fs';
import { toHex, type CborMap } from '@suyuan/core';
import { LotGraph, LotQueries, type GraphLog, type LotNode, type TraceStart } from '@suyuan/food';
import { readBundleLogs, verifyBundle, type BundleReport } from '@suyuan/verify';
import { list, optional, required, say, type Flags } from './args.js';
import { Output, openBundle } from './files.js';
import { CliError, EXIT, toJson, writeBytes, type Io } from './io.js';
import { loadPublicKey } from './keys.js';
import { describeStart, lotStart, notFound, parseLotSpec } from './lots.js';
type Status = 'verified' | 'warning' | 'invalid';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const COLOURS: Record<Status, string> = { verified: '#2e7d32', warning: '#ed8c00', invalid: '#c62828' };

/**
 * `suyuan report BUNDLE --trust KEY [--code CODE | --lot LOGID:LOT] --out FILE`: one HTML file
 * that needs nothing else to open: the verdict and findings, and the journey of a lot as a
 * graph, each business coloured by what verification found, with the records behind each step.
 */
export async function report(pos: string[], f: Flags, io: Io): Promise<number> {
  const path = pos[0]!;
  const outPath = required(f, 'out', 'FILE (or - for standard output)');
  if (outPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--out - writes the report to standard output, which --json would share', { option: 'out' });
  const trustFiles = list(f, 'trust');
  const trust = trustFiles.map((k) => loadPublicKey(k, '--trust'));
  if (trust.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', '--trust AUTHORITY.pub is required: the authority public key(s) you trust', { option: 'trust' });
  const code = optional(f, 'code');
  const lots = list(f, 'lot');
  if (code !== undefined && lots.length > 0) throw new CliError('CLI_BAD_VALUE', 'give --code or --lot, not both', { option: 'lot' });
  if (lots.length > 1) throw new CliError('CLI_BAD_VALUE', 'one --lot: the report shows one journey', { option: 'lot' });
  if (lots[0] !== undefined) parseLotSpec(lots[0], '--lot');
  const output = Output.plan(outPath, { force: f.force === true, inputs: { files: [path, ...trustFiles] } });
  const input = await openBundle(path, io);
  const verdict = await verifyBundle(input, { trust });
  const { logs } = readBundleLogs(input);
  const graph = LotGraph.build(logs, { keepBodies: true }); // a report shows each record's fields
  const q = new LotQueries(graph);
  const start = pickStart(code, lots[0], logs, graph);
  if (start !== undefined && q.resolve(start).length === 0) throw notFound(start, code !== undefined ? '--code' : '--lot');
  const html = render(path, verdict, logs, graph, q, start);
  await output.run((o) => {
    if (o.toStdout) writeBytes(io, Buffer.from(html));
    else writeFileSync(o.tmp!, html, { flag: 'wx' });
  });
  const journey = start === undefined ? null : 'traceCode' in start ? { traceCode: start.traceCode } : 'lot' in start ? { logId: typeof start.logId === 'string' ? start.logId : toHex(start.logId), lot: start.lot } : null;
  if (f.json) io.out(toJson({ out: outPath, verdict: verdict.verdict, journey }));
  else if (outPath !== '-') say(f, io, `wrote ${outPath}: ${verdict.verdict}, journey of ${start ? describeStart(start) : 'no lot (none chosen or found)'}`);
  const v: string = verdict.verdict;
  return v === 'invalid' ? EXIT.INVALID : v === 'unsigned' ? EXIT.UNSIGNED : EXIT.OK;
}

function pickStart(code: string | undefined, lot: string | undefined, logs: GraphLog[], graph: LotGraph): TraceStart | undefined {
  if (code !== undefined) return { traceCode: code };
  if (lot !== undefined) return lotStart(lot, logs, '--lot');
  const first = graph.traceCodes.keys().next();
  return first.done ? undefined : { traceCode: first.value };
}

/** Columns by distance from the origins, so the journey reads left to right. */
function layout(nodes: LotNode[], graph: LotGraph): Map<number, { x: number; y: number }> {
  const inSet = new Set(nodes.map((n) => n.id));
  const depth = new Map<number, number>();
  const visit = (n: LotNode, seen: Set<number>): number => {
    const known = depth.get(n.id);
    if (known !== undefined) return known;
    if (seen.has(n.id)) return 0; // a cycle: stop
    seen.add(n.id);
    const d = Math.max(-1, ...n.upstream.filter((u) => inSet.has(u)).map((u) => visit(graph.nodes[u]!, seen))) + 1;
    depth.set(n.id, d);
    return d;
  };
  for (const n of nodes) visit(n, new Set());
  const columns = new Map<number, number[]>();
  for (const n of nodes) columns.set(depth.get(n.id)!, [...(columns.get(depth.get(n.id)!) ?? []), n.id]);
  const pos = new Map<number, { x: number; y: number }>();
  for (const [d, ids] of columns) ids.forEach((id, i) => pos.set(id, { x: 20 + d * 230, y: 20 + i * 90 }));
  return pos;
}

function render(path: string, v: BundleReport, logs: GraphLog[], graph: LotGraph, q: LotQueries, start: TraceStart | undefined): string {
  const names = new Map(logs.map((l) => [toHex(l.logId), String(((l.records[0]?.body as CborMap | undefined)?.meta as CborMap | undefined)?.name ?? l.enterprise)]));
  const statusOfLog = (hex: string): Status => {
    const fs = v.findings.filter((x) => x.logId === hex && x.layer !== 'food');
    return fs.some((x) => x.severity === 'error') ? 'invalid' : fs.length > 0 ? 'warning' : 'verified';
  };
  const nodes: LotNode[] = [];
  if (start !== undefined) {
    const ids = new Set([...q.traceBack(start).lots, ...q.traceForward(start).lots].map((l) => `${l.logId}\0${l.lot}`));
    for (const n of graph.nodes) if (ids.has(`${graph.logs[n.log]!.hex}\0${n.lot}`)) nodes.push(n);
  }
  const statusOfNode = (n: LotNode): Status => {
    const hex = graph.logs[n.log]!.hex;
    const own = statusOfLog(hex);
    const food = v.findings.filter((x) => x.layer === 'food' && x.logId === hex && n.events.some((e) => graph.event(e).seq === x.seq));
    if (own === 'invalid' || food.some((x) => x.severity === 'error')) return 'invalid';
    return own === 'warning' || food.length > 0 ? 'warning' : 'verified';
  };
  const pos = layout(nodes, graph);
  const width = Math.max(400, ...[...pos.values()].map((p) => p.x + 230));
  const height = Math.max(120, ...[...pos.values()].map((p) => p.y + 90));
  const edges = nodes.flatMap((n) => n.upstream.filter((u) => pos.has(u)).map((u) => {
    const a = pos.get(u)!;
    const b = pos.get(n.id)!;
    return `<path class="edge" d="M${a.x + 200},${a.y + 30} C${a.x + 215},${a.y + 30} ${b.x - 15},${b.y + 30} ${b.x},${b.y + 30}" marker-end="url(#arrow)"/>`;
  }));
  const boxes = nodes.map((n) => {
    const p = pos.get(n.id)!;
    const s = statusOfNode(n);
    const hex = graph.logs[n.log]!.hex;
    return `<g class="node ${s}" data-status="${s}"><a href="#lot-${n.id}"><rect x="${p.x}" y="${p.y}" width="200" height="60" rx="8" fill="${COLOURS[s]}"/>`
      + `<text x="${p.x + 10}" y="${p.y + 24}">${esc(names.get(hex))}</text><text x="${p.x + 10}" y="${p.y + 45}" class="lot">${esc(n.lot)}</text></a></g>`;
  });
  const tables = nodes.map((n) => {
    const hex = graph.logs[n.log]!.hex;
    const rows = n.events.map((id) => {
      const e = graph.event(id);
      const b = (e.body ?? {}) as Record<string, unknown>;
      // The quantity of this lot in the event: its own, or its line among items, inputs, outputs, contents.
      const lines = ['items', 'inputs', 'outputs', 'contents'].flatMap((k) => (Array.isArray(b[k]) ? (b[k] as { lot?: string; quantity?: { value: string; unit: string } }[]) : []));
      const qty = (b.quantity as { value?: string; unit?: string } | undefined) ?? lines.find((l) => l.lot === n.lot)?.quantity;
      return `<tr><td>${e.seq}</td><td>${esc(e.kind.replace('food.', ''))}</td><td>${esc(b.eventTime ?? '')}</td><td>${qty ? esc(`${qty.value} ${qty.unit}`) : ''}</td><td>${esc(b.traceCode ?? (b.test as { result?: string } | undefined)?.result ?? '')}</td></tr>`;
    }).join('');
    return `<section id="lot-${n.id}" class="lot-records"><h3><span class="dot ${statusOfNode(n)}"></span>${esc(names.get(hex))} — lot ${esc(n.lot)}</h3><table class="records"><thead><tr><th>seq</th><th>event</th><th>time</th><th>quantity</th><th>code / result</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  });
  const findings = v.findings.map((x) => `<tr class="${x.severity}"><td>${x.severity}</td><td>${esc(x.code)}</td><td>${x.layer}</td><td>${esc(x.logId ? names.get(x.logId) ?? x.logId.slice(0, 12) : '')}</td><td>${x.seq ?? ''}</td><td>${esc(x.message)}</td></tr>`).join('');
  const logRows = v.logs.map((l) => `<tr><td><span class="dot ${statusOfLog(l.logId)}"></span>${esc(names.get(l.logId) ?? l.logId)}</td><td>${esc(l.enterprise ?? '')}</td><td>${l.authority ? 'authority' : esc(l.enrolment?.roles.join(', ') ?? 'not enrolled')}</td><td>${l.records}</td><td>${l.mode === 'excerpt' ? 'proven' : `${l.signedSize} signed`}</td></tr>`).join('');
  const verdictClass = v.verdict === 'valid' ? 'verified' : v.verdict === 'invalid' ? 'invalid' : 'warning';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Suyuan report — ${esc(path)}</title>
<style>
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:24px;color:#1b1b1b}
h1{font-size:20px;margin:0 0 12px} h2{font-size:16px;margin:28px 0 8px} h3{font-size:14px;margin:16px 0 6px}
#verdict{padding:12px 16px;border-radius:8px;color:#fff;font-weight:600;font-size:16px}
#verdict.verified{background:${COLOURS.verified}}#verdict.warning{background:${COLOURS.warning}}#verdict.invalid{background:${COLOURS.invalid}}
table{border-collapse:collapse;width:100%;margin:4px 0} td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;font-size:13px}
tr.error td{color:${COLOURS.invalid}} tr.warning td{color:#8a5300}
.dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px}
.dot.verified{background:${COLOURS.verified}}.dot.warning{background:${COLOURS.warning}}.dot.invalid{background:${COLOURS.invalid}}
svg text{fill:#fff;font-size:13px} svg text.lot{font-size:12px;opacity:.9} .edge{fill:none;stroke:#777;stroke-width:1.5}
.legend span{margin-right:16px}
</style></head><body>
<h1>溯源 Suyuan — verification report</h1>
<p>${esc(path)} · ${v.stats.sections} logs · ${v.stats.records} records · verified ${esc(new Date().toISOString())}</p>
<div id="verdict" class="${verdictClass}">${v.verdict.toUpperCase()} — ${Object.entries(v.layers).map(([k, s]) => `${k}: ${s}`).join(' · ')}</div>
<h2>Businesses</h2><table id="logs"><thead><tr><th>business</th><th>统一社会信用代码</th><th>enrolled as</th><th>records</th><th>signed</th></tr></thead><tbody>${logRows}</tbody></table>
<h2>Findings (${v.findings.length})</h2>${v.findings.length === 0 ? '<p id="no-findings">None: every signature, link, reference, rule and enrolment checks out.</p>' : `<table id="findings"><thead><tr><th>severity</th><th>code</th><th>layer</th><th>business</th><th>seq</th><th>what</th></tr></thead><tbody>${findings}</tbody></table>`}
<h2>Journey${start ? ` of ${esc(describeStart(start))}` : ''}</h2>
<p class="legend"><span><span class="dot verified"></span>verified</span><span><span class="dot warning"></span>warning</span><span><span class="dot invalid"></span>invalid</span></p>
<svg id="journey" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>
${edges.join('\n')}
${boxes.join('\n')}
</svg>
<h2>Records behind each step</h2>
${tables.join('\n')}
</body></html>
`;
}


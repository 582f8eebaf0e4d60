/**
 * The consumer trace page: reads the settings the hub wrote into it, fetches the trace
 * excerpt, has the worker verify it against the pinned authority keys, and shows the journey.
 */
import type { TraceAnswer, TraceRequest } from './worker.js';
import { render, type PageState } from './render.js';
import { pickLang, t } from './words.js';

/** The worker's file name, written in by the build (content-hashed). */
declare const SUYUAN_TRACE_WORKER: string;
/** Authority keys (hex) pinned when the page was built (SUYUAN_PIN_TRUST); empty: use the hub's configuration. */
declare const SUYUAN_PINNED_TRUST: string[];

interface PageConfig {
  target: { kind: 'code'; code: string } | { kind: 'lot'; gtin: string; lot: string } | { kind: 'none'; why: string };
  bundle?: string;
  trust: string[];
  witnesses: string[];
}

const lang = pickLang(navigator.language, location.search);
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
document.title = t('title', lang);
const root = document.getElementById('app')!;

function show(st: PageState): void {
  render(root, st, lang);
  document.body.dataset.state = st.kind === 'journey' ? st.journey.state : st.kind;
  performance.mark('suyuan-shown');
}

async function run(): Promise<void> {
  const config = JSON.parse(document.getElementById('suyuan-config')!.textContent!) as PageConfig;
  const target = config.target;
  if (target.kind === 'none' || config.bundle === undefined) return show({ kind: 'unknown', code: '', why: 'product' });
  // A lot (GS1 Digital Link /01/{gtin}/10/{lot}) goes the same way as a receipt's code; the worker finds the lot in the excerpt.
  const code = target.kind === 'code' ? target.code : target.lot;
  const why = target.kind === 'code' ? 'code' : 'lot';
  // Keys pinned at build time win over the ones the hub wrote in (docs/WEB.md, "Which keys").
  const trust = SUYUAN_PINNED_TRUST.length > 0 ? SUYUAN_PINNED_TRUST : config.trust;
  // Started now, so that its script loads and compiles while the excerpt downloads.
  const worker = new Worker(SUYUAN_TRACE_WORKER, { type: 'module' });
  let res: Response;
  try {
    res = await fetch(config.bundle, { headers: { accept: 'application/vnd.suyuan.bundle' } });
  } catch (e) {
    return show({ kind: 'down', code, detail: String(e) });
  }
  if (res.status === 404) return show({ kind: 'unknown', code, why });
  if (!res.ok) return show({ kind: 'down', code, detail: `HTTP ${res.status}` });
  const bundle = await res.arrayBuffer();
  performance.mark('suyuan-fetched');
  const answer = await new Promise<TraceAnswer>((resolve) => {
    worker.onmessage = (m: MessageEvent<TraceAnswer>) => resolve(m.data);
    worker.onerror = (e) => resolve({ ok: false, error: e.message });
    worker.postMessage({ target, bundle, trust, witnesses: config.witnesses } satisfies TraceRequest, [bundle]);
  });
  worker.terminate();
  performance.mark('suyuan-verified');
  if (!answer.ok) {
    // Not a bundle at all, or the verifier could not run: a failure, never a pass.
    return show({ kind: 'journey', trust, journey: { code, state: 'failed', verdict: 'none', problems: [{ kind: 'finding', code: answer.error.split(':')[0]!, severity: 'error' }], checked: { businesses: 0, records: 0, authorities: 0, witnessedByThisHub: 0 }, stops: [] } });
  }
  document.body.dataset.workerMs = `${answer.ms.verify.toFixed(0)}+${answer.ms.journey.toFixed(0)}`;
  show({ kind: 'journey', journey: answer.journey, trust });
}

void run().catch((e: unknown) => show({ kind: 'down', code: '', detail: String(e) }));

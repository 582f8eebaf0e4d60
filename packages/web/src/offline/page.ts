/**
 * The offline verifier page: a bundle and trusted key files chosen from disk, verified in a Web
 * Worker started from the page's own copy of the verifier (nothing is fetched or sent).
 */
import { inlineWorker, verifierClient, type VerifierClient, type VerifyOutcome } from '../verifier/client.js';
import { browserLang, WORDS, type Lang } from './i18n.js';
import { renderOutcome } from './render.js';

/** The verifier worker's bundled source, put here by the build (build/offline.ts). */
declare const __VERIFIER_WORKER__: string;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const bundleInput = byId<HTMLInputElement>('bundle');
const trustInput = byId<HTMLInputElement>('trust');
const go = byId<HTMLButtonElement>('go');
const status = byId('status');
const statusText = byId('status-text');
const bar = byId<HTMLProgressElement>('bar');

let lang: Lang = browserLang(navigator.languages?.length ? navigator.languages : [navigator.language]);
let last: VerifyOutcome | undefined;
let running: { client: VerifierClient; timer: number } | undefined;

function applyLang(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = WORDS.title[lang];
  for (const e of document.querySelectorAll<HTMLElement>('[data-t]')) {
    const w = WORDS[e.dataset.t as keyof typeof WORDS] as { zh: string; en: string };
    e.textContent = w[lang];
  }
  byId('lang').textContent = WORDS.language[lang];
  if (last !== undefined) renderOutcome(last, lang);
}

function stop(): void {
  if (running === undefined) return;
  running.client.terminate();
  clearInterval(running.timer);
  running = undefined;
  go.disabled = false;
}

async function run(): Promise<void> {
  const file = bundleInput.files?.[0];
  const keys = [...(trustInput.files ?? [])];
  if (file === undefined || keys.length === 0) {
    status.hidden = false;
    statusText.textContent = WORDS.needBoth[lang];
    return;
  }
  stop();
  go.disabled = true;
  status.hidden = false;
  byId('result').hidden = true;
  bar.removeAttribute('value');
  const started = performance.now();
  let step: string = WORDS.reading[lang];
  const show = () => { statusText.textContent = `${step} · ${WORDS.seconds[lang](Math.floor((performance.now() - started) / 1000))}`; };
  show();
  let client: VerifierClient;
  try {
    client = verifierClient(inlineWorker(__VERIFIER_WORKER__));
  } catch (e) {
    return finish({ type: 'failed', id: 0, code: 'WEB_NO_WORKER', message: `${WORDS.noWorker[lang]} ${(e as Error).message}` });
  }
  // The clock ticks on this thread while the worker verifies: a long log is one step of many seconds.
  running = { client, timer: window.setInterval(show, 250) };
  const mine = running;
  const [bytes, pems] = await Promise.all([file.arrayBuffer(), Promise.all(keys.map((k) => k.text()))]);
  step = WORDS.verifying[lang];
  const outcome = await client.verify(bytes, pems.map((pem) => ({ pem })), {
    onProgress: (done, total) => {
      if (total > 0) { bar.max = total; bar.value = done; step = WORDS.logsDone[lang](done, total); }
      show();
    },
  });
  if (running === mine) finish(outcome);
}

function finish(outcome: VerifyOutcome): void {
  stop();
  status.hidden = true;
  last = outcome;
  byId('result').hidden = false;
  renderOutcome(outcome, lang);
}

byId('form').addEventListener('submit', (e) => { e.preventDefault(); void run(); });
const auto = () => { if (bundleInput.files?.length && trustInput.files?.length) void run(); };
bundleInput.addEventListener('change', auto);
trustInput.addEventListener('change', auto);
byId('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; applyLang(); });
applyLang();

import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { HubError } from '../errors.js';

/** IPC message types between a hub worker and its primary (prom-client's own ones travel beside them). */
const ASK = 'suyuan-hub:metrics-ask';
const ANSWER = 'suyuan-hub:metrics-answer';

interface Answer { type: typeof ANSWER; id: number; text?: string; error?: string }

/**
 * `/metrics` of a hub that is one of several cluster workers: the answer covers every worker.
 * This worker's registry is handed to prom-client's cluster support (which answers the primary's
 * collection requests); `text()` asks the primary, which collects from all workers and sums.
 */
export class ClusterMetrics {
  private next = 0;
  private readonly waiting = new Map<number, (a: Answer) => void>();

  constructor(registry: Registry) {
    if (!cluster.isWorker) throw new Error('ClusterMetrics runs in a cluster worker');
    AggregatorRegistry.setRegistries([registry]);
    new AggregatorRegistry(); // installs the worker's listener for the primary's collection requests
    process.on('message', (m: Answer) => {
      if (m?.type !== ANSWER) return;
      this.waiting.get(m.id)?.(m);
    });
  }

  /** The whole cluster's metrics, Prometheus text; 503 when the primary does not answer in time. */
  text(timeoutMs = 10_000): Promise<string> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle({ type: ANSWER, id, error: 'timed out' }), timeoutMs);
      const settle = (a: Answer) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (a.text !== undefined) resolve(a.text);
        else reject(new HubError('HUB_UNAVAILABLE', 503, `the hub's metrics could not be collected from its workers: ${a.error ?? 'no answer'}`));
      };
      this.waiting.set(id, settle);
      process.send!({ type: ASK, id });
    });
  }
}

/**
 * In the cluster's primary: answers every worker's `/metrics` request with the aggregate of all
 * workers' registries (prom-client's AggregatorRegistry: counters and histograms summed).
 */
export function answerClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, m: { type?: string; id?: number }) => {
    if (m?.type !== ASK || typeof m.id !== 'number') return;
    const reply = (a: Omit<Answer, 'type' | 'id'>) => { if (worker.isConnected()) worker.send({ type: ANSWER, id: m.id, ...a }); };
    aggregator.clusterMetrics().then((text) => reply({ text }), (e: Error) => reply({ error: e.message }));
  });
}

import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HUB_CODES } from '../errors.js';

/**
 * Prometheus metrics, one registry per app (two hubs in one process do not mix). Labels are
 * bounded: routes by their pattern (unmatched paths share one label), refusals by code.
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'hub_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'hub_http_request_duration_seconds', help: 'Time to answer, by route pattern and method', labelNames: ['route', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry],
  });
  readonly ingested = new Counter({ name: 'hub_records_ingested_total', help: 'Records stored by pushes', registers: [this.registry] });
  readonly pushes = new Counter({ name: 'hub_pushes_total', help: 'Pushes accepted, by result (stored, unchanged)', labelNames: ['result'], registers: [this.registry] });
  readonly refused = new Counter({ name: 'hub_pushes_refused_total', help: 'Pushes refused, by code', labelNames: ['code'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }

  refusal(code: string): void {
    this.refused.inc({ code: /^[A-Z][A-Z0-9_]{1,40}$/.test(code) || (HUB_CODES as readonly string[]).includes(code) ? code : 'OTHER' });
  }
}

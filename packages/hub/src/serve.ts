import type { FastifyInstance } from 'fastify';
import { createHubApp, type HubOptions } from './http/app.js';

export interface RunningHub {
  app: FastifyInstance;
  url: string;
  /** Stops taking requests, lets the ones in flight (pushes included) finish, then closes the store. */
  close(): Promise<void>;
}

/**
 * Starts a hub listening on `port` (0: any free one) — what `suyuan serve` calls. With
 * `signals`, SIGTERM and SIGINT close it gracefully (in-flight pushes complete; new requests
 * get 503 meanwhile) and then end the process.
 */
export async function startHub(opts: HubOptions & { port?: number; host?: string; signals?: boolean }): Promise<RunningHub> {
  const app = await createHubApp(opts);
  const url = await app.listen({ port: opts.port ?? 8080, host: opts.host ?? '127.0.0.1' });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    await app.close();
    await opts.store.close();
  })());
  if (opts.signals === true) {
    const onSignal = (signal: string) => {
      app.log.info({ signal }, 'shutting down');
      void close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, url, close };
}

/**
 * A closed-loop HTTP/1.1 load client for the hub's trace bench: one kept-alive connection per
 * client, a GET written as one string, the answer's status and Content-Length read from its
 * head. Node's own clients (node:http, fetch) spend 0.15–0.3 ms of CPU a request on this
 * machine, as much as the hub spends answering; on 2 shared cores that CPU is taken from the
 * hub being measured. This one does what a load generator such as wrk does: a few µs of
 * parsing, the rest is the kernel's.
 */
import { connect } from 'node:net';

export interface LoadConnection {
  /** GET `path`; resolves to the status and body once the whole answer arrived. */
  get(path: string): Promise<{ status: number; body: Buffer }>;
  close(): void;
}

export async function loadConnection(base: string, headers: Record<string, string>): Promise<LoadConnection> {
  const url = new URL(base);
  const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: { resolve: (r: { status: number; body: Buffer }) => void; reject: (e: Error) => void } | undefined;
  const fail = (e: Error) => {
    const w = waiting;
    waiting = undefined;
    w?.reject(e);
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const headEnd = buffered.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = buffered.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length === null) return fail(new Error(`an answer without Content-Length: ${head}`));
    const end = headEnd + 4 + Number(length[1]);
    if (buffered.length < end) return;
    const status = Number(head.slice(9, 12));
    const body = buffered.subarray(headEnd + 4, end);
    buffered = buffered.subarray(end);
    const w = waiting;
    waiting = undefined;
    w?.resolve({ status, body });
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the connection closed')));
  return {
    get(path) {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(`GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n${extra}\r\n`);
      });
    },
    close: () => socket.destroy(),
  };
}

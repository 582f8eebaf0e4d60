import { LogWriter, concatBytes, type Checkpoint, type CryptoProvider } from '../src/index.js';
import { nodeCrypto, nodeSigner } from '../src/node/index.js';

export const AUTHOR_SECRET = new Uint8Array(32).fill(1);
export const WITNESS_SECRET = new Uint8Array(32).fill(2);
export const T0 = 1_764_115_200_000; // 2025-11-26T00:00:00Z

/** A writer with a deterministic key and clock. */
export function makeWriter(crypto: CryptoProvider = nodeCrypto, secret = AUTHOR_SECRET): LogWriter {
  let t = T0;
  return LogWriter.create(nodeSigner(secret), { enterprise: '91350100M000100Y43', meta: { name: '福州鼓楼农贸市场' } }, { crypto, clock: () => (t += 1000), });
}

export interface BuiltLog {
  writer: LogWriter;
  records: Uint8Array[];
  bytes: Uint8Array;
  checkpoints: Checkpoint[];
}

/** A log of `n` records after the genesis, with a checkpoint after every `every` records. */
export async function buildLog(n: number, every = 0, crypto: CryptoProvider = nodeCrypto): Promise<BuiltLog> {
  const writer = makeWriter(crypto);
  const records = [writer.genesis];
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < n; i++) {
    records.push(writer.append({ kind: 'food.sale', body: { lot: `LOT-${i}`, quantity: `${i}.5`, unit: 'KGM' } }).bytes);
    if (every > 0 && (i + 1) % every === 0) checkpoints.push(await writer.checkpoint());
  }
  return { writer, records, bytes: concatBytes(records), checkpoints };
}

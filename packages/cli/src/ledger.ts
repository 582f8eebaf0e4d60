import { FileLogStore, Ledger, type DurabilityMode } from 'suyuan';
import { loadSigner } from './keys.js';

/**
 * A LOGDIR as an SDK ledger. The command line's layout is the SDK's `{ store, signer }` form:
 * the directory is the file store itself and the key file is given apart (`--key`), where a
 * `Ledger.open({ dir })` ledger keeps both in one directory. The directory must exist (`init`
 * makes it), and nothing is signed on close: a checkpoint is a command of its own.
 */
export async function withLedger<T>(dir: string, keyFile: string, mode: DurabilityMode, use: (ledger: Ledger, store: FileLogStore) => Promise<T>): Promise<T> {
  const signer = loadSigner(keyFile);
  const store = await FileLogStore.open(dir, { create: false, mode });
  let ledger: Ledger | undefined;
  try {
    ledger = await Ledger.open({ store, signer, checkpointOnClose: false });
    return await use(ledger, store);
  } finally {
    if (ledger !== undefined) await ledger.close();
    else await store.close();
  }
}

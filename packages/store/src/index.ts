export type { LogStore, DurabilityMode, RecoveryReport } from './log-store.js';
export { MemoryLogStore } from './memory-store.js';
export { FileLogStore } from './file/file-store.js';
export type { FileStoreOptions } from './file/options.js';
export { nodeFileIo, type FileIo } from './file/file-io.js';
export { DurableLog, type DurableLogOptions } from './durable-log.js';
export { writeSecretKeyFile, readSecretKeyFile, writePublicKeyFile, readPublicKeyFile, readPublicKeyFileWithSuite } from './keyfile.js';

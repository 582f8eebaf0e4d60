export { nodeCrypto, nodeSigner } from './crypto.js';

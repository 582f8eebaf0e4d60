export { nodeCrypto, nodeSigner } from './crypto.js';
export { nodeSm2Sm3Crypto, nodeSm3 } from './sm.js';

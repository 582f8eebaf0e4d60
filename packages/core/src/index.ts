export { SuyuanError, isSuyuanError, ERROR_CODES, type ErrorCode, type ErrorLocation } from './errors.js';
export { toHex, fromHex, bytesEqual, concatBytes } from './bytes.js';
export { encode } from './cbor/encode.js';
export { decode, decodeSequence, decodeSequenceItem } from './cbor/decode.js';
export { CborReader } from './cbor/reader.js';
export { DEFAULT_LIMITS, type CborLimits, type CborMap, type CborValue } from './cbor/value.js';
export {
  SUITES, isSuiteName, HASH_BYTES, ED25519_PUBLIC_KEY_BYTES, ED25519_SECRET_KEY_BYTES, ED25519_SIGNATURE_BYTES,
  SM2_PUBLIC_KEY_BYTES, SM2_SECRET_KEY_BYTES, SM2_SIGNATURE_BYTES, SIGNATURE_BYTES, PUBLIC_KEY_BYTES,
  type CryptoProvider, type SuiteCrypto, type TreeHasher, type Signer, type SuiteName,
} from './crypto/provider.js';
export { nobleCrypto, nobleSigner, generateSecretKey, ed25519PublicKey, isAcceptablePublicKey } from './crypto/noble.js';
export { suiteCrypto, isAcceptableSuiteKey } from './crypto/suites.js';
export { sm2Sm3Crypto, sm2Signer } from './crypto/sm-suite.js';
export {
  SM2_DEFAULT_USER_ID, SM2_CURVE, sm2PublicKey, generateSm2SecretKey, signSm2, verifySm2, sm2Z, isAcceptableSm2PublicKey,
} from './crypto/sm2.js';
export { sm3 } from './crypto/sm3.js';
export { encodePublicKeyPem, encodeSecretKeyPem, decodeKeyPem, type PemKey } from './crypto/pem.js';
export { CompactRange } from './merkle/compact-range.js';
export { MerkleTree } from './merkle/tree.js';
export { verifyInclusion, verifyConsistency, rootFromInclusionProof } from './merkle/proof.js';
export {
  RECORD_VERSION, GENESIS_KIND, MAX_RECORD_BYTES, MAX_REFS, RECORD_LIMITS, ZERO_HASH,
  encodeRecord, decodeRecord, checkRecord, bodyText, readRecord, genesisInfo, isValidKind, codePoints, MAX_ENTERPRISE_CHARS,
  type LogRecord, type RecordRef, type GenesisInfo, type ParsedRecord,
} from './record.js';
export {
  CHECKPOINT_TAG, COSIGNATURE_TAG, signedHeadBytes, signCheckpoint, cosign,
  verifyCheckpointSignature, verifyCosignatureSignature,
  encodeCheckpoint, decodeCheckpoint, encodeCosignature, decodeCosignature,
  type TreeHead, type Checkpoint, type Cosignature,
} from './checkpoint.js';
export { LogWriter, type EventInput, type AppendedRecord, type WriterOptions, type GenesisInput, type WriterState } from './log-writer.js';
export {
  LogVerifier, verifyLog,
  type LogReport, type Finding, type HeadResult, type HeadStatus, type Equivocation, type VerifyLogOptions,
} from './verify-log.js';
export { checkGenesisStep, checkChainStep, checkRecordLocally } from './chain-rules.js';

// The finding codes' words live once, in @suyuan/verify/messages (the web pages use them too).
export { findingText, type FindingCode, type FindingText, type Lang } from '@suyuan/verify/messages';

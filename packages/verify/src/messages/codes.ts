import type { ErrorCode } from '@suyuan/core';
import type { FoodCode } from '@suyuan/food';
import type { VerifyCode } from '../findings.js';

/** Every code a finding can carry: core's (encoding, chain, checkpoints, proofs, keys, store), verify's and food's. */
export type FindingCode = ErrorCode | VerifyCode | FoodCode;

/** The languages the words are in: Chinese (the default everywhere) and English. */
export type Lang = 'zh' | 'en';

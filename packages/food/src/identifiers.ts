/**
 * Identifier checks. GS1 keys (GTIN, GLN, SSCC) carry a mod-10 check digit; the Chinese
 * unified social credit code (统一社会信用代码, GB 32100-2015) a mod-31 check character.
 */

/** GS1 mod-10: weights 3 and 1 alternating from the rightmost data digit. */
function gs1CheckDigitOk(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += (digits.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48;
}

/** Whether every character is an ASCII digit (read by char code: validation runs once per record). */
function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** GTIN-8, -12, -13 or -14. */
export function isValidGtin(s: string): boolean {
  const n = s.length;
  return (n === 8 || n === 12 || n === 13 || n === 14) && allDigits(s) && gs1CheckDigitOk(s);
}

/** Global Location Number: 13 digits. */
export function isValidGln(s: string): boolean {
  return s.length === 13 && allDigits(s) && gs1CheckDigitOk(s);
}

/** Serial Shipping Container Code: 18 digits. */
export function isValidSscc(s: string): boolean {
  return s.length === 18 && allDigits(s) && gs1CheckDigitOk(s);
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]; // 3^i mod 31
/** A character's value in USCC_CHARSET by char code (-1: not in it). */
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) USCC_VALUE[USCC_CHARSET.charCodeAt(i)] = i;

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character. */
export function isValidUscc(s: string): boolean {
  if (s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? USCC_VALUE[c]! : -1;
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return s.charCodeAt(17) === USCC_CHARSET.charCodeAt(check);
}

/** GS1 CSET 82 by char code: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z. */
const CSET_82 = new Uint8Array(128);
for (const c of '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz') CSET_82[c.charCodeAt(0)] = 1;

/**
 * A traceability lot code: 1 to 20 characters from GS1's "CSET 82" (the characters allowed
 * in AI (10) batch/lot), so the code fits a GS1 barcode, an EPCIS LGTIN and an FSMA TLC.
 */
export function isValidLotCode(s: string): boolean {
  if (s.length < 1 || s.length > 20) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || CSET_82[c] === 0) return false;
  }
  return true;
}


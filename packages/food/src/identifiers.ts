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

/** GTIN-8, -12, -13 or -14. */
export function isValidGtin(s: string): boolean {
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(s) && gs1CheckDigitOk(s);
}

/** Global Location Number: 13 digits. */
export function isValidGln(s: string): boolean {
  return /^\d{13}$/.test(s) && gs1CheckDigitOk(s);
}

/** Serial Shipping Container Code: 18 digits. */
export function isValidSscc(s: string): boolean {
  return /^\d{18}$/.test(s) && gs1CheckDigitOk(s);
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]; // 3^i mod 31

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character. */
export function isValidUscc(s: string): boolean {
  if (s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(s[i]!);
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return s[17] === USCC_CHARSET[check];
}

/**
 * A traceability lot code: 1 to 20 characters from GS1's "CSET 82" (the characters allowed
 * in AI (10) batch/lot), so the code fits a GS1 barcode, an EPCIS LGTIN and an FSMA TLC.
 */
export function isValidLotCode(s: string): boolean {
  return /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/.test(s);
}

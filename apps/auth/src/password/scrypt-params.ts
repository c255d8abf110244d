// scrypt cost parameters and the encoded hash format `scrypt$N$r$p$salt$hash` (salt and hash in
// unpadded base64). Keeping the parameters inside every stored hash is what lets the service raise
// them later: old hashes still verify with the cost they were made with, and get rehashed on login.
import { HashFormatError } from '../errors';

/** scrypt cost parameters. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. @default 131072 (2^17) */
  readonly N: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelisation. @default 1 */
  readonly p: number;
  /** Derived key length in bytes. @default 32 */
  readonly keyLength: number;
  /** Random salt length in bytes. @default 16 */
  readonly saltLength: number;
}

/**
 * Production defaults: the OWASP Password Storage Cheat Sheet minimum for scrypt
 * (N=2^17, r=8, p=1), which needs 128 MiB per hash.
 */
export const OWASP_SCRYPT_PARAMS: ScryptParams = Object.freeze({
  N: 2 ** 17,
  r: 8,
  p: 1,
  keyLength: 32,
  saltLength: 16,
});

/** One decoded stored hash. */
export interface DecodedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** Upper bounds a stored hash may claim, so a corrupt row cannot make us allocate gigabytes. */
const MAX_N = 2 ** 24;
const MAX_R = 64;
const MAX_P = 16;
const B64 = /^[A-Za-z0-9+/]+$/;

/** Memory scrypt needs for these parameters (128·N·r·p plus margin), passed to node's `maxmem`. */
export function scryptMaxmem(params: Pick<ScryptParams, 'N' | 'r' | 'p'>): number {
  return 128 * params.N * params.r * (params.p + 1) + 1024 * 1024;
}

/** Whether `n` is a power of two greater than 1. */
function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

/** Throws when parameters are out of range; returns them frozen. */
export function validateScryptParams(params: ScryptParams): ScryptParams {
  if (!isPowerOfTwo(params.N) || params.N > MAX_N) {
    throw new HashFormatError(`scrypt N must be a power of two in 2..2^24, got ${params.N}`);
  }
  if (!Number.isInteger(params.r) || params.r < 1 || params.r > MAX_R) {
    throw new HashFormatError(`scrypt r must be an integer in 1..${MAX_R}, got ${params.r}`);
  }
  if (!Number.isInteger(params.p) || params.p < 1 || params.p > MAX_P) {
    throw new HashFormatError(`scrypt p must be an integer in 1..${MAX_P}, got ${params.p}`);
  }
  if (!Number.isInteger(params.keyLength) || params.keyLength < 16 || params.keyLength > 128) {
    throw new HashFormatError(`scrypt key length must be 16..128 bytes, got ${params.keyLength}`);
  }
  if (!Number.isInteger(params.saltLength) || params.saltLength < 16 || params.saltLength > 64) {
    throw new HashFormatError(`scrypt salt length must be 16..64 bytes, got ${params.saltLength}`);
  }
  return Object.freeze({ ...params });
}

/** Encodes a hash as `scrypt$N$r$p$salt$hash`. */
export function encodeHash(decoded: DecodedHash): string {
  const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');
  return `scrypt$${decoded.N}$${decoded.r}$${decoded.p}$${b64(decoded.salt)}$${b64(decoded.hash)}`;
}

/** Parses `scrypt$N$r$p$salt$hash`; throws HashFormatError on anything else. */
export function decodeHash(encoded: string): DecodedHash {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    throw new HashFormatError('stored password hash is not in the scrypt$N$r$p$salt$hash format');
  }
  const [, nText, rText, pText, saltText, hashText] = parts as [string, string, string, string, string, string];
  const digits = /^[1-9][0-9]{0,9}$/;
  if (!digits.test(nText) || !digits.test(rText) || !digits.test(pText)) {
    throw new HashFormatError('stored password hash has non-numeric scrypt parameters');
  }
  if (!B64.test(saltText) || !B64.test(hashText)) {
    throw new HashFormatError('stored password hash has an invalid salt or hash encoding');
  }
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  const params = validateScryptParams({
    N: Number(nText),
    r: Number(rText),
    p: Number(pText),
    keyLength: hash.length,
    saltLength: salt.length,
  });
  return { N: params.N, r: params.r, p: params.p, salt, hash };
}

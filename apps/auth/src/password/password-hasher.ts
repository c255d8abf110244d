// Hashes and verifies passwords with node:crypto scrypt. The cost parameters are stored in each
// hash (see scrypt-params.ts) so raising them later only needs a config change: `needsRehash`
// tells the login path to re-hash a password that was stored with weaker parameters.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ConfigInvalidError } from '../errors';
import { HashLimiter, type HashLimiterOptions, type HashPriority } from './hash-limiter';
import {
  decodeHash,
  encodeHash,
  OWASP_SCRYPT_PARAMS,
  scryptMaxmem,
  validateScryptParams,
  type ScryptParams,
} from './scrypt-params';

/** Options of the password hasher. */
export interface PasswordHasherOptions {
  /** Cost parameters for new hashes. @default OWASP_SCRYPT_PARAMS */
  params?: Partial<ScryptParams>;
  /**
   * Test-only escape hatch: allow parameters below the OWASP minimum so test suites run fast.
   * Never set in production; main.ts has no way to set it. @default false
   */
  unsafeAllowWeakParamsForTests?: boolean;
  /** Bounds on concurrent scrypt work (concurrency ≈ cores, a small newest-first queue). @default {} */
  limits?: HashLimiterOptions;
}

/** Whether `params` reach the OWASP scrypt minimum (N=2^17, r=8, p=1). */
export function meetsOwaspMinimum(params: Pick<ScryptParams, 'N' | 'r' | 'p'>): boolean {
  return (
    params.N >= OWASP_SCRYPT_PARAMS.N && params.r >= OWASP_SCRYPT_PARAMS.r && params.p >= OWASP_SCRYPT_PARAMS.p
  );
}

/** Derives a key with explicit parameters; maxmem is sized so N=2^17 and above do not fail. */
function derive(password: string, salt: Buffer, params: Pick<ScryptParams, 'N' | 'r' | 'p'>, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(password.normalize('NFC'), 'utf8'),
      salt,
      keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: scryptMaxmem(params) },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** scrypt password hashing with stored parameters, constant-time verification and a dummy verify. */
export class PasswordHasher {
  /** The parameters new hashes are made with. */
  readonly params: ScryptParams;
  /** The bound on concurrent hashing every hash and verify goes through. */
  readonly limiter: HashLimiter;
  private dummyHash: Promise<string> | undefined;

  constructor(options: PasswordHasherOptions = {}) {
    const params = validateScryptParams({ ...OWASP_SCRYPT_PARAMS, ...options.params });
    if (!meetsOwaspMinimum(params) && options.unsafeAllowWeakParamsForTests !== true) {
      throw new ConfigInvalidError(
        `scrypt parameters N=${params.N} r=${params.r} p=${params.p} are below the OWASP minimum (N=2^17, r=8, p=1)`,
      );
    }
    this.params = params;
    this.limiter = new HashLimiter(options.limits);
  }

  /** Hashes a password with a fresh random salt; returns `scrypt$N$r$p$salt$hash`. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(this.params.saltLength);
    const hash = await this.limiter.run(() => derive(password, salt, this.params, this.params.keyLength));
    return encodeHash({ N: this.params.N, r: this.params.r, p: this.params.p, salt, hash });
  }

  /** Verifies a password against a stored hash in constant time; throws HashFormatError on a corrupt hash, OverloadedError when shed. */
  async verify(password: string, encoded: string, priority: HashPriority = 'normal'): Promise<boolean> {
    const decoded = decodeHash(encoded);
    const candidate = await this.limiter.run(() => derive(password, decoded.salt, decoded, decoded.hash.length), priority);
    return timingSafeEqual(candidate, decoded.hash);
  }

  /**
   * Burns the same work as a real verify for a user that does not exist, so an unknown username
   * takes as long to refuse as a wrong password. Always resolves false.
   */
  async verifyDummy(password: string, priority: HashPriority = 'normal'): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(24).toString('base64'));
    await this.verify(password, await this.dummyHash, priority);
    return false;
  }

  /** Prepares the dummy hash ahead of the first request so the first unknown-user login is not slower. */
  async warmUp(): Promise<void> {
    this.dummyHash ??= this.hash(randomBytes(24).toString('base64'));
    await this.dummyHash;
  }

  /** Whether a stored hash was made with weaker parameters than the current ones. */
  needsRehash(encoded: string): boolean {
    const decoded = decodeHash(encoded);
    return (
      decoded.N < this.params.N ||
      decoded.r < this.params.r ||
      decoded.p < this.params.p ||
      decoded.hash.length < this.params.keyLength ||
      decoded.salt.length < this.params.saltLength
    );
  }
}

// scrypt hashing: production defaults meet the OWASP minimum (and actually run with node's
// memory limit), weak parameters need the explicit test-only flag, hashes carry their parameters,
// verification is exact, and needsRehash spots weaker stored parameters.
import { ConfigInvalidError, HashFormatError } from '../src/errors';
import { meetsOwaspMinimum, PasswordHasher } from '../src/password/password-hasher';
import { decodeHash, encodeHash, OWASP_SCRYPT_PARAMS, scryptMaxmem } from '../src/password/scrypt-params';
import { TEST_SCRYPT } from './harness';

describe('password hasher', () => {
  it('defaults to at least the OWASP minimum N=2^17, r=8, p=1', () => {
    const hasher = new PasswordHasher();
    expect(hasher.params.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(hasher.params.r).toBeGreaterThanOrEqual(8);
    expect(hasher.params.p).toBeGreaterThanOrEqual(1);
    expect(hasher.params.saltLength).toBeGreaterThanOrEqual(16);
    expect(meetsOwaspMinimum(OWASP_SCRYPT_PARAMS)).toBe(true);
  });

  it('hashes and verifies with the production defaults (maxmem covers 128 MiB)', async () => {
    expect(scryptMaxmem(OWASP_SCRYPT_PARAMS)).toBeGreaterThan(128 * 2 ** 17 * 8);
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('production-cost-password');
    expect(hash.startsWith('scrypt$131072$8$1$')).toBe(true);
    await expect(hasher.verify('production-cost-password', hash)).resolves.toBe(true);
  });

  it('refuses parameters below the OWASP minimum unless the test-only flag is set', () => {
    expect(() => new PasswordHasher({ params: { N: 2 ** 16 } })).toThrow(ConfigInvalidError);
    expect(() => new PasswordHasher({ params: { r: 4 } })).toThrow(ConfigInvalidError);
    expect(new PasswordHasher(TEST_SCRYPT).params.N).toBe(1024);
  });

  it('refuses impossible parameters even in tests', () => {
    expect(() => new PasswordHasher({ ...TEST_SCRYPT, params: { N: 1000 } })).toThrow(HashFormatError);
    expect(() => new PasswordHasher({ ...TEST_SCRYPT, params: { N: 1024, p: 0 } })).toThrow(HashFormatError);
  });

  describe('with a lowered test cost', () => {
    const hasher = new PasswordHasher(TEST_SCRYPT);

    it('stores the parameters, a 16-byte salt and a 32-byte key', async () => {
      const decoded = decodeHash(await hasher.hash('p@ssw0rd-long'));
      expect(decoded).toMatchObject({ N: 1024, r: 8, p: 1 });
      expect(decoded.salt).toHaveLength(16);
      expect(decoded.hash).toHaveLength(32);
    });

    it('salts every hash differently', async () => {
      const a = await hasher.hash('same-password');
      const b = await hasher.hash('same-password');
      expect(a).not.toBe(b);
      await expect(hasher.verify('same-password', a)).resolves.toBe(true);
      await expect(hasher.verify('same-password', b)).resolves.toBe(true);
    });

    it('rejects near misses', async () => {
      const hash = await hasher.hash('Correct-Horse');
      // (A trailing NUL would match: HMAC zero-pads short keys. The HTTP layer refuses NUL, see login-bad-input.)
      for (const guess of ['correct-horse', 'Correct-Horse ', 'Correct-Hors', '', 'Correct-Horsf']) {
        await expect(hasher.verify(guess, hash)).resolves.toBe(false);
      }
    });

    it('treats NFC and NFD spellings of a password as the same password', async () => {
      const hash = await hasher.hash('caf\u00e9-password');
      await expect(hasher.verify('cafe\u0301-password', hash)).resolves.toBe(true);
    });

    it('verifies with the parameters stored in the hash, not the current ones', async () => {
      const old = new PasswordHasher({ ...TEST_SCRYPT, params: { N: 512, r: 8, p: 1 } });
      const hash = await old.hash('older-password');
      await expect(hasher.verify('older-password', hash)).resolves.toBe(true);
    });

    it('fails a tampered key or salt', async () => {
      const decoded = decodeHash(await hasher.hash('tamper-me-please'));
      const flipped = Buffer.from(decoded.hash);
      flipped[0] = flipped[0]! ^ 1;
      await expect(hasher.verify('tamper-me-please', encodeHash({ ...decoded, hash: flipped }))).resolves.toBe(false);
      const salt = Buffer.from(decoded.salt);
      salt[3] = salt[3]! ^ 0x80;
      await expect(hasher.verify('tamper-me-please', encodeHash({ ...decoded, salt }))).resolves.toBe(false);
    });

    it('needsRehash is true only for weaker stored parameters', async () => {
      const weaker = await new PasswordHasher({ ...TEST_SCRYPT, params: { N: 512 } }).hash('x-password');
      const same = await hasher.hash('x-password');
      const stronger = await new PasswordHasher({ ...TEST_SCRYPT, params: { N: 2048 } }).hash('x-password');
      expect(hasher.needsRehash(weaker)).toBe(true);
      expect(hasher.needsRehash(same)).toBe(false);
      expect(hasher.needsRehash(stronger)).toBe(false);
    });

    it('verifyDummy always resolves false', async () => {
      await expect(hasher.verifyDummy('anything-at-all')).resolves.toBe(false);
    });
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$2b$12$abcdefghijklmnopqrstuu5dUMs6x5pDfS4cgmXhB1V5YVpHk0Vve'],
    ['too few fields', 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA'],
    ['non-numeric N', 'scrypt$abc$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    ['absurd N', 'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    ['bad base64', 'scrypt$1024$8$1$!!!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    ['short salt', 'scrypt$1024$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
  ])('decodeHash rejects %s with AUTH_HASH_FORMAT', (_name, encoded) => {
    expect(() => decodeHash(encoded)).toThrow(HashFormatError);
  });
});

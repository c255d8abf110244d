import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { TokenKeyConfig } from '../../src/plugins/shared/token-keys';

/** Keys and raw-token helpers shared by the token plugin tests. */
export function edKey(kid: string): TokenKeyConfig & { private_key: string; public_key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    kid,
    alg: 'EdDSA',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function hsKey(kid: string): TokenKeyConfig & { secret: string } {
  return { kid, alg: 'HS256', secret: randomBytes(32).toString('base64url') };
}

export const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A token signed with HMAC-SHA256 over `secret` bytes, whatever the header claims. */
export function hmacToken(header: object, payload: object, secret: Buffer | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub: '42', iat: now, exp: now + 600, jti: randomBytes(8).toString('hex'), iss: 'gatehouse', ...over };
}

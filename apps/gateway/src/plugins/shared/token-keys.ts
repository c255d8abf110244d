import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GatewayError } from '../../errors';
import type { JSONSchema } from '../../engine/schema';

/** Algorithms a token may be signed with; pinned per key so a token cannot pick its own. */
export type TokenAlgorithm = 'EdDSA' | 'HS256';

/** One signing/verifying key of TokenIssuer and TokenValidator. */
export interface TokenKeyConfig {
  /** Key id, carried in the token header; only looked up in this list, never used as a path. */
  kid: string;
  alg: TokenAlgorithm;
  /** HS256: the shared secret, base64url, at least 32 bytes. */
  secret?: string;
  /** EdDSA: PKCS#8 PEM private key (issuer), or a file holding it. */
  private_key?: string;
  private_key_file?: string;
  /** EdDSA: SPKI PEM public key (validator), or a file holding it. */
  public_key?: string;
  public_key_file?: string;
}

export const KID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export const tokenKeysSchema: JSONSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 32,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['kid', 'alg'],
    properties: {
      kid: { type: 'string', pattern: KID_PATTERN },
      alg: { type: 'string', enum: ['EdDSA', 'HS256'] },
      secret: { type: 'string', minLength: 43, maxLength: 1024 },
      private_key: { type: 'string', maxLength: 16384 },
      private_key_file: { type: 'string', maxLength: 4096 },
      public_key: { type: 'string', maxLength: 16384 },
      public_key_file: { type: 'string', maxLength: 4096 },
    },
  },
};

/** A key ready for jose: its algorithm and the KeyObject to sign or verify with. */
export interface LoadedKey {
  kid: string;
  alg: TokenAlgorithm;
  key: KeyObject;
}

function pem(inline: string | undefined, file: string | undefined, field: string): string | undefined {
  if (inline) return inline;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new GatewayError('GW_VALIDATION', `${field} cannot be read: ${(err as Error).message}`, { field, cause: err });
  }
}

/**
 * Loads keys for signing (`private`) or verifying (`public`). HS256 keys are secrets either way;
 * an EdDSA verifier derives the public key from a private one when only that is given.
 */
export function loadTokenKeys(keys: readonly TokenKeyConfig[], use: 'sign' | 'verify'): Map<string, LoadedKey> {
  const out = new Map<string, LoadedKey>();
  keys.forEach((k, i) => {
    const field = `config.keys.${i}`;
    if (out.has(k.kid)) throw new GatewayError('GW_VALIDATION', `${field}.kid ${k.kid} is listed twice`, { field: `${field}.kid` });
    try {
      if (k.alg === 'HS256') {
        if (!k.secret) throw new Error('secret is required for HS256');
        const raw = Buffer.from(k.secret, 'base64url');
        if (raw.length < 32) throw new Error('secret must decode to at least 32 bytes');
        out.set(k.kid, { kid: k.kid, alg: k.alg, key: createSecretKey(raw) });
        return;
      }
      const priv = pem(k.private_key, k.private_key_file, `${field}.private_key_file`);
      const pub = pem(k.public_key, k.public_key_file, `${field}.public_key_file`);
      let key: KeyObject;
      if (use === 'sign') {
        if (!priv) throw new Error('private_key or private_key_file is required to sign');
        key = createPrivateKey(priv);
      } else if (pub) {
        key = createPublicKey(pub);
      } else if (priv) {
        key = createPublicKey(createPrivateKey(priv));
      } else {
        throw new Error('public_key, public_key_file or a private key is required to verify');
      }
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`EdDSA needs an Ed25519 key, not ${key.asymmetricKeyType}`);
      out.set(k.kid, { kid: k.kid, alg: k.alg, key });
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      throw new GatewayError('GW_VALIDATION', `${field} ${(err as Error).message}`, { field, cause: err });
    }
  });
  return out;
}

/** Identity headers only the gateway may set towards backends (any case; `_` spellings too). */
export function isIdentityHeader(name: string): boolean {
  return name === 'x-uid' || name === 'x_uid';
}

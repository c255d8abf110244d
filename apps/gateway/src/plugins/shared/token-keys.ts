import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { GatewayError } from '../../errors';
import type { JSONSchema } from '../../engine/schema';
import { readKeyFile } from './read-key-file';

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
      kid: { type: 'string', maxLength: 64, pattern: KID_PATTERN },
      alg: { type: 'string', enum: ['EdDSA', 'HS256'] },
      // writeOnly: never answered by the admin API, sealed in the cluster log (engine/secret-fields.ts).
      secret: { type: 'string', minLength: 43, maxLength: 1024, writeOnly: true },
      private_key: { type: 'string', maxLength: 16384, writeOnly: true },
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

/** A key file's PEM text, read without blocking (bounded size and time); inline text wins. */
async function pem(inline: string | undefined, file: string | undefined, field: string): Promise<string | undefined> {
  if (inline) return inline;
  if (!file) return undefined;
  return (await readKeyFile(file, field)).toString('utf8');
}

/**
 * Refuses an HS256 secret that is long enough but not secret: one byte repeated (32 zero bytes),
 * a counting sequence, or too few distinct bytes to come from a random source.
 */
function assertSecretEntropy(raw: Buffer): void {
  const distinct = new Set(raw).size;
  let step = true;
  for (let i = 2; i < raw.length && step; i++) step = (raw[i]! - raw[i - 1]! + 256) % 256 === (raw[1]! - raw[0]! + 256) % 256;
  if (distinct < 12 || step) {
    throw new Error('secret has too little entropy (use 32 random bytes, e.g. `openssl rand -base64 32 | tr "+/" "-_" | tr -d =`)');
  }
}

/** Checks what can be checked without reading files: HS256 secrets, duplicate kids, key presence. */
export function checkTokenKeys(keys: readonly TokenKeyConfig[], use: 'sign' | 'verify'): void {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    const field = `config.keys.${i}`;
    if (seen.has(k.kid)) throw new GatewayError('GW_VALIDATION', `${field}.kid ${k.kid} is listed twice`, { field: `${field}.kid` });
    seen.add(k.kid);
    try {
      if (k.alg === 'HS256') {
        hmacKey(k);
        return;
      }
      if (use === 'sign' && !k.private_key && !k.private_key_file) throw new Error('private_key or private_key_file is required to sign');
      if (use === 'verify' && !k.public_key && !k.public_key_file && !k.private_key && !k.private_key_file) {
        throw new Error('public_key, public_key_file or a private key is required to verify');
      }
      if (k.private_key) edKey(createPrivateKey(k.private_key));
      if (k.public_key) edKey(createPublicKey(k.public_key));
    } catch (err) {
      throw new GatewayError('GW_VALIDATION', `${field} ${(err as Error).message}`, { field, cause: err });
    }
  });
}

function hmacKey(k: TokenKeyConfig): KeyObject {
  if (!k.secret) throw new Error('secret is required for HS256');
  const raw = Buffer.from(k.secret, 'base64url');
  if (raw.length < 32) throw new Error('secret must decode to at least 32 bytes');
  assertSecretEntropy(raw);
  return createSecretKey(raw);
}

function edKey(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`EdDSA needs an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * Loads keys for signing or verifying, reading key files asynchronously. HS256 keys are secrets
 * either way; an EdDSA verifier derives the public key from a private one when only that is given.
 */
export async function loadTokenKeys(keys: readonly TokenKeyConfig[], use: 'sign' | 'verify'): Promise<Map<string, LoadedKey>> {
  checkTokenKeys(keys, use);
  const out = new Map<string, LoadedKey>();
  for (const [i, k] of keys.entries()) {
    const field = `config.keys.${i}`;
    if (k.alg === 'HS256') {
      out.set(k.kid, { kid: k.kid, alg: k.alg, key: hmacKey(k) });
      continue;
    }
    const priv = await pem(k.private_key, k.private_key_file, `${field}.private_key_file`);
    const pub = use === 'verify' ? await pem(k.public_key, k.public_key_file, `${field}.public_key_file`) : undefined;
    try {
      let key: KeyObject;
      if (use === 'verify' && pub) key = createPublicKey(pub);
      else {
        const privateKey = createPrivateKey(priv!);
        key = use === 'sign' ? privateKey : createPublicKey(privateKey);
      }
      out.set(k.kid, { kid: k.kid, alg: k.alg, key: edKey(key) });
    } catch (err) {
      const which = use === 'verify' && pub ? 'public_key' : 'private_key';
      const f = (which === 'public_key' ? k.public_key : k.private_key) ? `${field}.${which}` : `${field}.${which}_file`;
      throw new GatewayError('GW_VALIDATION', `${f} is not a usable PEM key: ${(err as Error).message}`, { field: f, cause: err });
    }
  }
  return out;
}

/** The gateway's token header: never forwarded to a backend, on any route. */
export const GATEWAY_TOKEN_HEADER = 'x-ddgw-token';

/** Identity headers only the gateway may set towards backends (any case; `_` spellings too). */
export function isIdentityHeader(name: string): boolean {
  return name === 'x-uid' || name === 'x_uid';
}

import type { IncomingHttpHeaders } from 'node:http';
import { jwtVerify, type JWTHeaderParameters, type KeyLike } from 'jose';
import type { Task } from '../../engine/task';
import { TaskKeys, type TaskKey } from '../../engine/task-key';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { tokenValidatorErrors } from './errors';
import { checkTokenKeys, isIdentityHeader, loadTokenKeys, type LoadedKey } from '../shared/token-keys';
import { MemoryRevocationStore, RedisRevocationStore, type RevocationStore } from './revocation-store';
import { tokenValidatorSchema, type TokenValidatorConfig } from './schema';
import { VerifiedTokenCache, type VerifiedToken } from './verified-cache';

const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The private-API half of slide 16: requires `X-DDGW-TOKEN`, verifies it (pinned algorithms,
 * known `kid`s only, `exp`/`nbf` with leeway, revocation), then sends the uid to the backend as
 * `X-UID`. In `revoke` mode it is the logout route: the presented token is revoked, 204.
 */
export class TokenValidator implements PluginInstance {
  private keys = new Map<string, LoadedKey>();
  private readonly cache: VerifiedTokenCache;
  private readonly store: RevocationStore | undefined;
  private readonly leewayMs: number;
  private readonly requestHeaders: TaskKey<IncomingHttpHeaders>;
  private readonly getKey = (header: JWTHeaderParameters): KeyLike => {
    const k = typeof header.kid === 'string' ? this.keys.get(header.kid) : undefined;
    if (k === undefined || k.alg !== header.alg) throw new Error('unknown key');
    return k.key;
  };

  constructor(
    private readonly c: Readonly<TokenValidatorConfig>,
    env: PluginEnv,
  ) {
    this.cache = new VerifiedTokenCache(c.cache_size);
    this.leewayMs = c.leeway_sec * 1000;
    this.requestHeaders = TaskKeys.headers<IncomingHttpHeaders>(c.request_header_key);
    this.store =
      c.revocation === 'redis'
        ? new RedisRevocationStore(c.redis_url, c.redis_prefix)
        : c.revocation === 'memory'
          ? env.services.get(`token-validator.revocations:${c.redis_prefix}`, () => new MemoryRevocationStore(env.dataDir, c.redis_prefix))
          : undefined;
  }

  /** Loads the verifying keys (files read asynchronously) and the persisted revocations. */
  async start(): Promise<void> {
    this.keys = await loadTokenKeys(this.c.keys, 'verify');
    if (this.store instanceof MemoryRevocationStore) await this.store.load();
  }

  run(task: Task): void | Promise<void> {
    const headers = task.get(this.requestHeaders);
    const raw = headers?.[this.c.token_header];
    if (headers === undefined || typeof raw !== 'string' || raw.length > 8192 || !TOKEN.test(raw)) {
      this.refuse(task);
      return;
    }
    const cached = this.cache.get(raw, this.leewayMs);
    if (cached !== undefined) return this.admit(task, headers, raw, cached);
    return this.verify(raw).then(
      (v) => {
        this.cache.set(raw, v);
        return this.admit(task, headers, raw, v);
      },
      () => this.refuse(task),
    );
  }

  async close(): Promise<void> {
    if (this.store instanceof RedisRevocationStore) await this.store.close();
  }

  private async verify(token: string): Promise<VerifiedToken> {
    if (!isCanonicalBase64url(token)) throw new Error('non-canonical base64url');
    const { payload } = await jwtVerify(token, this.getKey, {
      algorithms: this.c.algorithms,
      clockTolerance: this.c.leeway_sec,
      requiredClaims: ['sub', 'exp', 'jti', 'iat'],
      ...(this.c.issuer ? { issuer: this.c.issuer } : {}),
      ...(this.c.audience ? { audience: this.c.audience } : {}),
    });
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') {
      throw new Error('bad claims');
    }
    // jose checks that iat is a number, not that it is in the past.
    if (typeof payload.iat !== 'number' || payload.iat * 1000 > Date.now() + this.leewayMs) throw new Error('issued in the future');
    return { sub: payload.sub, jti: payload.jti, expMs: payload.exp * 1000 };
  }

  private admit(task: Task, headers: IncomingHttpHeaders, raw: string, v: VerifiedToken): void | Promise<void> {
    const revoked = this.store?.isRevoked(v.jti) ?? false;
    if (revoked === true) return this.refuse(task);
    if (revoked === false) return this.pass(task, headers, raw, v);
    return revoked.then((r) => (r ? this.refuse(task) : this.pass(task, headers, raw, v)));
  }

  private pass(task: Task, headers: IncomingHttpHeaders, raw: string, v: VerifiedToken): void | Promise<void> {
    if (this.c.revoke) {
      this.cache.delete(raw);
      return (this.store?.revoke(v.jti, v.expMs + this.leewayMs) ?? Promise.resolve()).then(
        () => {
          task.setValue(this.c.response_code_key, 204);
          task.finishEarly();
        },
        () => tokenValidatorErrors.fail(task, 'GW_SERVICE_UNAVAILABLE', 'the logout could not be recorded; try again'),
      );
    }
    for (const k of Object.keys(headers)) if (isIdentityHeader(k)) delete headers[k];
    delete headers[this.c.token_header];
    headers['x-uid'] = v.sub;
    task.setValue(this.c.uid_key, v.sub);
  }

  private refuse(task: Task): void {
    tokenValidatorErrors.fail(task, 'GW_UNAUTHORIZED');
  }
}

/**
 * True when each part of `token` is the one canonical base64url spelling of its bytes: the
 * unused low bits of the last character are zero. Otherwise several strings would verify as the
 * same signature, and a revoked or cached token could come back under another spelling.
 */
export function isCanonicalBase64url(token: string): boolean {
  for (const part of token.split('.')) {
    if (Buffer.from(part, 'base64url').toString('base64url') !== part) return false;
  }
  return true;
}

export const tokenValidatorPlugin = definePlugin<TokenValidatorConfig>({
  errors: tokenValidatorErrors,
  kind: 'TokenValidator',
  description: 'Before the limiter on private pipelines: verifies X-DDGW-TOKEN and sends the user id to the backend as X-UID (or revokes the token on a logout route).',
  schema: tokenValidatorSchema,
  validate: (c) => {
    checkTokenKeys(c.keys, 'verify');
    const unused = c.keys.find((k) => !c.algorithms.includes(k.alg));
    if (unused) return { field: 'config.algorithms', message: `does not allow ${unused.alg}, the algorithm of key ${unused.kid}` };
    if (c.revoke && c.revocation === 'none') return { field: 'config.revocation', message: 'must be memory or redis when revoke is true' };
    return undefined;
  },
  create: (config, env) => new TokenValidator(config, env),
});

import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Task } from '../../engine/task';
import { TaskKeys, type TaskKey } from '../../engine/task-key';
import { tokenIssuerErrors } from './errors';
import { definePlugin, type PluginInstance } from '../../engine/types';
import { checkTokenKeys, isIdentityHeader, loadTokenKeys, type LoadedKey } from '../shared/token-keys';
import { tokenIssuerSchema, type TokenIssuerConfig } from './schema';

const UID = /^[A-Za-z0-9_.:@-]{1,128}$/;

/**
 * The login half of slide 16: when the auth service answers with `X-UID`, mint a signed token
 * bound to that uid, return it as `X-DDGW-TOKEN`, and remove `X-UID` from the client's response.
 */
export class TokenIssuer implements PluginInstance {
  private key!: LoadedKey;
  private readonly responseHeaders: TaskKey<Record<string, string | string[] | undefined>>;

  constructor(private readonly c: Readonly<TokenIssuerConfig>) {
    this.responseHeaders = TaskKeys.headers(c.response_header_key);
  }

  /** Loads the signing key (key files are read asynchronously, bounded in size and time). */
  async start(): Promise<void> {
    this.key = (await loadTokenKeys(this.c.keys, 'sign')).get(this.c.active_kid)!;
  }

  run(task: Task): Promise<void> | void {
    const headers = task.get(this.responseHeaders);
    if (headers === undefined) return;
    const uid = headers['x-uid'];
    if (uid === undefined) return;
    const rest: Record<string, string | string[] | undefined> = {};
    for (const k in headers) if (!isIdentityHeader(k)) rest[k] = headers[k];
    task.setValue(this.c.response_header_key, rest);
    if (typeof uid !== 'string' || !UID.test(uid)) {
      tokenIssuerErrors.fail(task, 'GW_BAD_GATEWAY');
      return;
    }
    return this.sign(uid).then((token) => {
      rest[this.c.token_header] = token;
    });
  }

  /** Signs a token for `uid` with the active key. */
  sign(uid: string): Promise<string> {
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: this.key.alg, kid: this.key.kid, typ: 'JWT' })
      .setSubject(uid)
      .setIssuedAt()
      .setExpirationTime(`${this.c.ttl_sec}s`)
      .setJti(randomUUID())
      .setIssuer(this.c.issuer);
    if (this.c.audience) jwt.setAudience(this.c.audience);
    return jwt.sign(this.key.key);
  }
}

export const tokenIssuerPlugin = definePlugin<TokenIssuerConfig>({
  errors: tokenIssuerErrors,
  kind: 'TokenIssuer',
  description: 'After HTTPOutput on a login pipeline: turns the auth service X-UID into a signed X-DDGW-TOKEN (JWT) and hides X-UID.',
  schema: tokenIssuerSchema,
  validate: (c) => {
    if (!c.keys.some((k) => k.kid === c.active_kid)) return { field: 'config.active_kid', message: 'must name one of config.keys' };
    checkTokenKeys(c.keys, 'sign');
    return undefined;
  },
  create: (config) => new TokenIssuer(config),
});

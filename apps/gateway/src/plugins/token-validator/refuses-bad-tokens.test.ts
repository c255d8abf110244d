import { randomBytes } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { silentLogger } from '../../engine/logger';
import { systemClock } from '../../engine/clock';
import { MapServiceDirectory } from '../../engine/service-directory';
import { Task, TaskStatus } from '../../engine/task';
import { b64, claims, edKey, hmacToken, hsKey } from '../../../test/support/tokens';
import { tokenValidatorPlugin, type TokenValidator } from './token-validator';
import type { TokenValidatorConfig } from './schema';

/**
 * Every malformed or forged token is refused with the same 401, never a 500: 1,000 generated
 * variants per kind of attack, 0 accepted.
 */
const ed = edKey('ed-1');
const hs = hsKey('hs-1');
const VARIANTS = 1000;

async function validator(over: Partial<TokenValidatorConfig> = {}): Promise<TokenValidator> {
  const config = {
    plugin_name: 'tv',
    keys: [ed, hs],
    algorithms: ['EdDSA', 'HS256'],
    leeway_sec: 5,
    issuer: 'gatehouse',
    audience: '',
    token_header: 'x-ddgw-token',
    uid_key: 'X_UID',
    request_header_key: 'H',
    revocation: 'memory',
    redis_url: 'redis://127.0.0.1:6379',
    redis_prefix: 'x:',
    revoke: false,
    cache_size: 100,
    response_code_key: 'C',
    ...over,
  } as TokenValidatorConfig;
  const v = tokenValidatorPlugin.typed.create(config, {
    clock: systemClock,
    logger: silentLogger,
    services: new MapServiceDirectory(),
    pluginName: 'tv',
    generation: 0,
  }) as TokenValidator;
  await v.start();
  return v;
}

async function outcome(v: TokenValidator, headers: Record<string, string | string[]>): Promise<'accepted' | 401 | 'other'> {
  const task = new Task(undefined, 0);
  task.setStatus(TaskStatus.Running);
  task.setValue('H', headers);
  await v.run(task);
  if (task.status === TaskStatus.Running && task.value('X_UID') !== undefined) return 'accepted';
  if (task.resultCode === 401 && task.error === 'missing or invalid token' && task.errorCode === 'GW_UNAUTHORIZED') return 401;
  return 'other';
}

async function signEd(payload: Record<string, unknown>, kid = 'ed-1', key = ed.private_key): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid }).sign(await importPKCS8(key, 'EdDSA'));
}

async function expectAllRefused(make: (i: number) => Promise<Record<string, string | string[]>> | Record<string, string | string[]>): Promise<void> {
  const v = await validator();
  const results = new Map<string, number>();
  for (let i = 0; i < VARIANTS; i++) {
    const r = String(await outcome(v, await make(i)));
    results.set(r, (results.get(r) ?? 0) + 1);
  }
  expect(Object.fromEntries(results)).toEqual({ '401': VARIANTS });
}

describe('TokenValidator refuses bad tokens (1,000 variants each)', () => {
  it('accepts a good token, as a control', async () => {
    expect(await outcome(await validator(), { 'x-ddgw-token': await signEd(claims()) })).toBe('accepted');
    expect(await outcome(await validator(), { 'x-ddgw-token': hmacToken({ alg: 'HS256', kid: 'hs-1' }, claims(), Buffer.from(hs.secret, 'base64url')) })).toBe(
      'accepted',
    );
  });

  it('refuses alg none', () =>
    expectAllRefused((i) => ({
      'x-ddgw-token': `${b64({ alg: ['none', 'None', 'NONE', 'nOnE'][i % 4], kid: i % 2 ? 'ed-1' : 'hs-1' })}.${b64(claims({ sub: String(i) }))}.${i % 3 ? '' : 'x'}`,
    })));

  it('refuses HS256 signed with the EdDSA public key', () =>
    expectAllRefused((i) => ({
      'x-ddgw-token': hmacToken({ alg: 'HS256', kid: 'ed-1' }, claims({ sub: String(i) }), i % 2 ? ed.public_key : Buffer.from(ed.public_key.replace(/-----[^-]+-----|\s/g, ''), 'base64')),
    })));

  it('refuses tampered payloads', async () => {
    const good = await signEd(claims({ sub: '42' }));
    const [h, , s] = good.split('.');
    await expectAllRefused((i) => ({ 'x-ddgw-token': `${h}.${b64(claims({ sub: String(1000 + i), exp: Math.floor(Date.now() / 1000) + i }))}.${s}` }));
  });

  it('refuses expired tokens beyond the leeway', () =>
    expectAllRefused(async (i) => {
      const now = Math.floor(Date.now() / 1000);
      return { 'x-ddgw-token': await signEd(claims({ iat: now - 7200, exp: now - 6 - (i % 3600) })) };
    }));

  it('refuses not-yet-valid tokens beyond the leeway', () =>
    expectAllRefused(async (i) => ({ 'x-ddgw-token': await signEd(claims({ nbf: Math.floor(Date.now() / 1000) + 6 + (i % 3600) })) })));

  it('refuses unknown and path-like kids', () => {
    const kids = ['../../etc/passwd', '/dev/null', 'http://127.0.0.1/key', 'ed-2', '__proto__', 'constructor', 'ed-1/../ed-1', '', 'C:\\keys\\k'];
    return expectAllRefused(async (i) => ({ 'x-ddgw-token': await signEd(claims(), `${kids[i % kids.length]}${i >= kids.length ? i : ''}`) }));
  });

  it('refuses missing and duplicated headers', async () => {
    const good = await signEd(claims());
    await expectAllRefused((i): Record<string, string | string[]> => {
      if (i % 3 === 0) return {};
      if (i % 3 === 1) return { 'x-ddgw-token': `${good}, ${good}` };
      return { 'x-ddgw-token': [good, good] };
    });
  });

  it('refuses garbage and bad base64', () =>
    expectAllRefused((i) => {
      const junk = randomBytes(1 + (i % 200));
      const forms = [junk.toString('base64'), junk.toString('hex'), `${junk.toString('base64url')}.${junk.toString('base64url')}.x`, '...', 'a.b.c', `${'%%%'}.${i}.${i}`];
      return { 'x-ddgw-token': forms[i % forms.length]! };
    }));
});

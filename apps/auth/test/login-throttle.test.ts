// Login attempts are throttled per client address, per (username, address) pair and, for
// addresses a user never logged in from, per username: over a limit -> 429 with Retry-After,
// counted before the password is checked; a new window lets the user in again. An attacker's
// guesses no longer lock the owner out from a clean address (the per-username lockout did).
// Runs with the in-process store and with Redis; a dead Redis fails closed with 503.
import { randomBytes } from 'node:crypto';
import { ManualClock } from '@gatehouse/foundation';
import { describeVariants, type Variant } from '@gatehouse/test-support';
import type { AuthAppOptions } from '../src/app.factory';
import { DEFAULT_THROTTLE_LIMITS } from '../src/throttle/login-throttle';
import { call, login } from './http';
import { startTestApp, type TestApp } from './harness';
import { deleteRedisPrefix, REDIS_URL } from './services';

const WINDOW = 60_000;
const prefixes: string[] = [];
function newPrefix(): string {
  const prefix = `gh:auth:${randomBytes(6).toString('hex')}:`;
  prefixes.push(prefix);
  return prefix;
}

afterAll(async () => {
  for (const prefix of prefixes) await deleteRedisPrefix(prefix);
});
const stores: Variant<() => Partial<AuthAppOptions>>[] = [
  { name: 'memory', value: () => ({}) },
  { name: 'redis', needs: ['redis'], value: () => ({ redisUrl: REDIS_URL, redisKeyPrefix: newPrefix() }) },
];

describeVariants('login throttle (%s store)', stores, (storeOptions) => {
  let t: TestApp;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(1_800_000_000_000 - (1_800_000_000_000 % WINDOW));
    t = await startTestApp('sqlite', {
      clock,
      ...storeOptions(),
      trustProxy: 'loopback', // X-Forwarded-For names the client, so a test can be many addresses
      throttleLimits: {
        ...DEFAULT_THROTTLE_LIMITS,
        perAddress: { limit: 6, windowMs: WINDOW },
        perUserAddress: { limit: 3, windowMs: WINDOW },
        perUsername: { limit: 5, windowMs: WINDOW },
      },
    });
    await t.createUser('olga', 'olga-password-1');
  });
  afterEach(async () => {
    await t.stop();
  });

  it('answers 429 with Retry-After once a (username, address) pair is over its limit, even with the right password', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login(t.url, 'olga', 'bad-guess-000')).status).toBe(401);
    clock.advance(20_000);
    const res = await login(t.url, 'olga', 'olga-password-1');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('40');
    expect(res.headers['x-uid']).toBeUndefined();
    expect(res.body).toEqual({ code: 'AUTH_TOO_MANY_ATTEMPTS', message: expect.any(String) });
  });

  it('lets the user in again in the next window', async () => {
    for (let i = 0; i < 4; i += 1) await login(t.url, 'olga', 'bad-guess-000');
    expect((await login(t.url, 'olga', 'olga-password-1')).status).toBe(429);
    clock.advance(WINDOW);
    expect((await login(t.url, 'olga', 'olga-password-1')).status).toBe(200);
  });

  it('throttles unknown usernames exactly like known ones', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login(t.url, 'nobody', 'bad-guess-000')).status).toBe(401);
    expect((await login(t.url, 'nobody', 'bad-guess-000')).status).toBe(429);
  });

  it('throttles one client address across many usernames', async () => {
    for (let i = 0; i < 6; i += 1) expect((await login(t.url, `spray-${i}`, 'Winter2026!')).status).toBe(401);
    const res = await login(t.url, 'olga', 'olga-password-1');
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBe(60);
  });
});

describeVariants('lockout policy (%s store)', stores, (storeOptions) => {
  let t: TestApp;
  let clock: ManualClock;
  const from = (address: string, username: string, password: string) =>
    call(t.url, 'POST', '/v1/login', { username, password }, { 'x-forwarded-for': address });
  beforeEach(async () => {
    clock = new ManualClock(1_800_000_000_000 - (1_800_000_000_000 % WINDOW));
    t = await startTestApp('sqlite', {
      clock,
      ...storeOptions(),
      trustProxy: 'loopback',
      throttleLimits: { ...DEFAULT_THROTTLE_LIMITS, perUserAddress: { limit: 3, windowMs: WINDOW }, perUsername: { limit: 5, windowMs: WINDOW } },
    });
    await t.createUser('olga', 'olga-password-1');
  });
  afterEach(async () => {
    await t.stop();
  });

  it("an attacker's guesses do not lock the owner out from a clean address", async () => {
    for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.66', 'olga', 'bad-guess-000')).status).toBe(401);
    expect((await from('203.0.113.66', 'olga', 'olga-password-1')).status).toBe(429); // that pair is locked
    const owner = await from('198.51.100.7', 'olga', 'olga-password-1');
    expect(owner.status).toBe(200); // the per-username lockout answered 429 here
  });

  it("a guess spread over many addresses meets the per-user ceiling; the owner's known address still gets in", async () => {
    expect((await from('198.51.100.7', 'olga', 'olga-password-1')).status).toBe(200); // now a known address (counted: 1)
    for (let i = 1; i <= 4; i += 1) expect((await from(`203.0.113.${i}`, 'olga', 'bad-guess-000')).status).toBe(401);
    const over = await from('203.0.113.5', 'olga', 'bad-guess-000');
    expect(over.status).toBe(429);
    expect((await from('203.0.113.6', 'olga', 'olga-password-1')).status).toBe(429); // unknown addresses wait for the window
    expect((await from('198.51.100.7', 'olga', 'olga-password-1')).status).toBe(200); // known: exempt from the ceiling
  });
});

describe('login throttle with Redis unreachable', () => {
  it('fails closed with 503 AUTH_THROTTLE_UNAVAILABLE and no X-UID', async () => {
    const t = await startTestApp('sqlite', { redisUrl: 'redis://127.0.0.1:1', redisCommandTimeoutMs: 100 });
    try {
      await t.createUser('pat', 'pat-password-1');
      const res = await login(t.url, 'pat', 'pat-password-1');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('AUTH_THROTTLE_UNAVAILABLE');
      expect(res.headers['x-uid']).toBeUndefined();
      expect(t.logs.find('Redis is unreachable at boot')).toHaveLength(1);
    } finally {
      await t.stop();
      // ioredis leaves a failed command's timeout and its disconnect timer (100 ms each) running.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  });
});

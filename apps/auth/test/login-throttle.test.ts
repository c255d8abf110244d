// Login attempts are throttled per username and per client address: over the limit -> 429 with
// Retry-After, counted before the password is checked; a new window lets the user in again.
// Runs with the in-process store and with Redis; a dead Redis fails closed with 503.
import { randomBytes } from 'node:crypto';
import { describeVariants } from '@gatehouse/test-support';
import type { AuthAppOptions } from '../src/app.factory';
import { login } from './http';
import { startTestApp, type TestApp } from './harness';
import { ManualClock } from './manual-clock';
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
describeVariants<() => Partial<AuthAppOptions>>(
  'login throttle (%s store)',
  [
    { name: 'memory', value: () => ({}) },
    { name: 'redis', needs: ['redis'], value: () => ({ redisUrl: REDIS_URL, redisKeyPrefix: newPrefix() }) },
  ],
  (storeOptions) => {
    let t: TestApp;
    let clock: ManualClock;
    beforeEach(async () => {
      clock = new ManualClock(1_800_000_000_000 - (1_800_000_000_000 % WINDOW));
      t = await startTestApp('sqlite', {
        clock,
        ...storeOptions(),
        throttleLimits: { perUsername: { limit: 3, windowMs: WINDOW }, perAddress: { limit: 6, windowMs: WINDOW } },
      });
      await t.createUser('olga', 'olga-password-1');
    });
    afterEach(async () => {
      await t.stop();
    });

    it('answers 429 with Retry-After once a username is over its limit, even with the right password', async () => {
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
  },
);

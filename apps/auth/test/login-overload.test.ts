// Over the service: a flood of logins beyond what the hashing can do is answered 503
// AUTH_OVERLOADED with Retry-After, while the owner's login from an address they used before,
// sent during the flood, gets in (its hash waits in the known lane).
import { DEFAULT_THROTTLE_LIMITS } from '../src/throttle/login-throttle';
import { call } from './http';
import { startTestApp, TEST_SCRYPT } from './harness';

it('sheds the excess with 503 + Retry-After and lets a login sent during the flood in', async () => {
  const t = await startTestApp('sqlite', {
    trustProxy: 'loopback',
    // A cost high enough that 80 concurrent verifies queue up on this machine, a tight bound.
    hasher: { ...TEST_SCRYPT, params: { N: 2 ** 14, r: 8, p: 1 }, limits: { concurrency: 1, queueSize: 2 } },
    throttleLimits: { ...DEFAULT_THROTTLE_LIMITS, perAddress: { limit: 1000, windowMs: 60_000 } },
  });
  try {
    await t.createUser('olga', 'olga-password-1');
    const owner = { username: 'olga', password: 'olga-password-1' };
    expect((await call(t.url, 'POST', '/v1/login', owner, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200); // her usual address
    const flood = Array.from({ length: 80 }, (_, i) =>
      call(t.url, 'POST', '/v1/login', { username: `user${i % 20}`, password: 'guess-0000' }, { 'x-forwarded-for': `203.0.113.${i % 40}` }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const legit = await call(t.url, 'POST', '/v1/login', owner, { 'x-forwarded-for': '198.51.100.7' });
    const legitMs = performance.now() - started;
    const answers = await Promise.all(flood);
    const shed = answers.filter((a) => a.status === 503);
    expect(legit.status).toBe(200);
    expect(legitMs).toBeLessThan(5000); // generous: the machine is shared
    expect(shed.length).toBeGreaterThan(40);
    expect(shed.every((a) => a.body.code === 'AUTH_OVERLOADED' && Number(a.headers['retry-after']) >= 1 && a.headers['x-uid'] === undefined)).toBe(true);
    expect(answers.every((a) => a.status === 401 || a.status === 503)).toBe(true);
  } finally {
    await t.stop();
  }
});

// The per-address budget uses the socket address unless AUTH_TRUST_PROXY names the proxy hop:
// untrusted, X-Forwarded-For is ignored (a client cannot buy a fresh budget by inventing one);
// trusted (the gateway on loopback), each forwarded client gets its own budget.
import { DEFAULT_THROTTLE_LIMITS } from '../src/throttle/login-throttle';
import { call } from './http';
import { startTestApp, type TestApp } from './harness';

const limits = { ...DEFAULT_THROTTLE_LIMITS, perUserAddress: { limit: 100, windowMs: 60_000 }, perAddress: { limit: 2, windowMs: 60_000 } };

function attempt(t: TestApp, forwardedFor: string) {
  return call(t.url, 'POST', '/v1/login', { username: 'rita', password: 'wrong-password' }, { 'x-forwarded-for': forwardedFor });
}

describe('client address for throttling', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const t = await startTestApp('sqlite', { throttleLimits: limits });
    try {
      expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expect((await attempt(t, '203.0.113.2')).status).toBe(401);
      expect((await attempt(t, '203.0.113.3')).status).toBe(429);
    } finally {
      await t.stop();
    }
  });

  it('gives each forwarded client its own budget behind a trusted loopback proxy', async () => {
    const t = await startTestApp('sqlite', { throttleLimits: limits, trustProxy: 'loopback' });
    try {
      expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expect((await attempt(t, '203.0.113.1')).status).toBe(401);
      expect((await attempt(t, '203.0.113.1')).status).toBe(429);
      expect((await attempt(t, '203.0.113.2')).status).toBe(401);
    } finally {
      await t.stop();
    }
  });
});

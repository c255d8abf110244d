import { Readable } from 'node:stream';
import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, freePort, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

/** Receipts per request id, across every backend: a duplicate is an id seen twice. */
function receipts(...backends: TestBackend[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const b of backends) for (const r of b.requests) {
    const id = String(r.headers['x-request-id']);
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return seen;
}

describe('HTTPOutput retries', () => {
  let gw: Gateway;
  let good: TestBackend;
  let unavailable: TestBackend;
  let slow: TestBackend;
  let deadOrigin: string;
  let base: string;
  const route = async (name: string, origins: string[], retry: Record<string, unknown>, { upstream, ...extra }: Record<string, unknown> = {}) => {
    await createPipeline(gw, name, [
      serverSpec('srv'),
      inputSpec(`in-${name}`, 'srv', { path: `/${name}`, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] }),
      {
        type: 'HTTPOutput',
        // The budget's floor is raised so these tests see every retry the policy allows.
        config: {
          plugin_name: `out-${name}`,
          url_pattern: '/work',
          method: '{REQUEST_METHOD}',
          expected_response_codes: [],
          upstream: { origins, balance: 'round-robin', ...(upstream as object | undefined) },
          retry: { min_retries_per_window: 100, ...retry },
          ...extra,
        },
      },
    ]);
  };
  beforeAll(async () => {
    good = await startBackend((_req, res) => res.end('ok'));
    unavailable = await startBackend((_req, res) => {
      res.statusCode = 503;
      res.end('busy');
    });
    slow = await startBackend((_req, res) => {
      setTimeout(() => res.end('late'), 1500).unref();
    });
    deadOrigin = `http://127.0.0.1:${await freePort()}`;
    gw = await startTestGateway();
    await route('connect', [deadOrigin, good.url], { retries: 1 });
    await route('status', [unavailable.url, good.url], { retries: 1 });
    await route('optin', [unavailable.url, good.url], { retries: 1, retry_non_idempotent: true }, { request_body_buffer_pattern: 'patch-body' });
    await route('pertry', [slow.url, good.url], { retries: 1, per_try_timeout_sec: 0.2 });
    await route(
      'budget',
      [unavailable.url],
      { retries: 2, budget_percent: 20, min_retries_per_window: 3, budget_window_sec: 60 },
      { upstream: { origins: [unavailable.url], outlier_detection: { max_ejected_percent: 0 } } },
    );
    base = `http://127.0.0.1:${serverPort(gw, 'connect')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await Promise.all([good.close(), unavailable.close(), slow.close()]);
  });
  beforeEach(() => {
    for (const b of [good, unavailable, slow]) b.requests.length = 0;
  });

  it('retries a connect failure for any method, a streamed POST body arriving whole, once', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await request(`${base}/connect`, {
        method: 'POST',
        headers: { 'x-request-id': `c${i}` },
        body: Readable.from([Buffer.from('part-1,'), Buffer.from('part-2')]),
      });
      expect([res.statusCode, await res.body.text()]).toEqual([200, 'ok']);
    }
    expect(good.requests.map((r) => r.body)).toEqual(Array(4).fill('part-1,part-2'));
    expect([...receipts(good).values()].every((n) => n === 1)).toBe(true);
  });

  it('never sends a POST twice once it went out: a 503 is relayed, 0 duplicate POSTs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await request(`${base}/status`, { method: 'POST', headers: { 'x-request-id': `p${i}` }, body: `order-${i}` });
      statuses.push(res.statusCode);
      await res.body.dump();
    }
    const seen = receipts(good, unavailable);
    expect(seen.size).toBe(20);
    expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
    expect(statuses.filter((s) => s === 503).length).toBe(unavailable.requests.length);
  });

  it('retries 502/503/504 for idempotent methods on another instance', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await request(`${base}/status`, { method: i % 2 ? 'GET' : 'PUT', headers: { 'x-request-id': `g${i}` }, body: i % 2 ? null : 'x' });
      // A streamed PUT body that reached the 503 instance is gone: that PUT cannot be replayed.
      const expected = i % 2 ? 200 : [200, 503];
      if (Array.isArray(expected)) expect(expected).toContain(res.statusCode);
      else expect(res.statusCode).toBe(expected);
      await res.body.dump();
    }
    const gets = receipts(good, unavailable);
    expect(good.requests.filter((r) => r.method === 'GET').length).toBe(3);
    expect([...gets.values()].every((n) => n <= 2)).toBe(true);
  });

  it('retries a non-idempotent method other than POST only when the route opts in', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await request(`${base}/optin`, { method: 'PATCH', headers: { 'x-request-id': `o${i}` } });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    }
    expect(good.requests.every((r) => r.body === 'patch-body')).toBe(true);
    expect(good.requests.length).toBe(4);
    const res = await request(`${base}/status`, { method: 'PATCH', headers: { 'x-request-id': 'no-opt-in' } });
    await res.body.dump();
    expect(receipts(good, unavailable).get('no-opt-in')).toBe(1);
  });

  it('per_try_timeout_sec bounds each attempt, then the next instance answers', async () => {
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const res = await request(`${base}/pertry`, { headers: { 'x-request-id': `t${i}` } });
      expect([res.statusCode, await res.body.text()]).toEqual([200, 'ok']);
      expect(Date.now() - started).toBeLessThan(1200);
    }
  });

  it('the retry budget caps the extra load on a failing backend at ~20 % (+ the minimum)', async () => {
    const n = 60;
    for (let i = 0; i < n; i++) {
      const res = await request(`${base}/budget`, { headers: { 'x-request-id': `b${i}` } });
      expect(res.statusCode).toBe(503);
      await res.body.dump();
    }
    // Without a budget, retries: 2 would triple the load (180 receipts).
    expect(unavailable.requests.length).toBeLessThanOrEqual(n + Math.ceil(n * 0.2) + 3);
    expect(unavailable.requests.length).toBeGreaterThan(n);
  });
});

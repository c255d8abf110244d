import { ManualClock } from '@gatehouse/foundation';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  background,
  contextFromRequest,
  DEADLINE_HEADER,
  DeadlineExceededError,
  Invoker,
  remainingMs,
  TimeoutError,
  withTimeout,
} from '../src';
import { json, startServer, staticResolver, type TestServer } from './servers';

let slow: TestServer;
let fast: TestServer;
beforeAll(async () => {
  slow = await startServer('slow', (_r, _b, res) => {
    setTimeout(() => json(res, 200, { late: true }), 1500).unref();
  });
  fast = await startServer('fast', (req, _b, res) => json(res, 200, { header: req.headers[DEADLINE_HEADER] ?? null }));
});
afterAll(async () => {
  await Promise.all([slow.close(), fast.close()]);
});

test('an attempt longer than timeoutMs fails with TimeoutError', async () => {
  const inv = new Invoker({ resolver: staticResolver([slow.node]) });
  const started = Date.now();
  const err = (await inv.ddns(background, 'svc', '/x', {}, { timeoutMs: 100 }).catch((e: unknown) => e)) as TimeoutError;
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err.code).toBe('INV_TIMEOUT');
  expect(err.timeoutMs).toBe(100);
  // Well before the server's 1500 ms answer (with room for a loaded machine).
  expect(Date.now() - started).toBeLessThan(1000);
  await inv.close();
});

test('a timed-out idempotent call is retried on another node', async () => {
  const inv = new Invoker({ resolver: staticResolver([slow.node, fast.node]) });
  // 1,000 ms: the slow node (1,500 ms) still times out, and the fast one answers in time on a loaded machine.
  await expect(inv.ddns(background, 'svc', '/x', undefined, { httpMethod: 'GET', timeoutMs: 1000 })).resolves.toEqual({ header: null });
  await inv.close();
});

test('the deadline header carries the remaining budget in ms', async () => {
  const clock = new ManualClock(1_000_000);
  const inv = new Invoker({ resolver: staticResolver([fast.node]), clock });
  const ctx = { deadline: clock.now() + 750 };
  clock.advance(50);
  await expect(inv.ddns(background, 'svc', '/x', {})).resolves.toEqual({ header: null });
  await expect(inv.ddns(ctx, 'svc', '/x', {})).resolves.toEqual({ header: '700' });
  await inv.close();
});

test('a passed deadline fails at once without sending anything', async () => {
  const inv = new Invoker({ resolver: staticResolver([fast.node]) });
  const before = fast.seen.length;
  const err = await inv.ddns({ deadline: Date.now() - 1 }, 'svc', '/x', {}).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeadlineExceededError);
  expect((err as DeadlineExceededError).code).toBe('INV_DEADLINE_EXCEEDED');
  expect(fast.seen.length).toBe(before);
  await inv.close();
});

test('a deadline shorter than timeoutMs cuts the attempt and reports DeadlineExceededError', async () => {
  const inv = new Invoker({ resolver: staticResolver([slow.node]) });
  const started = Date.now();
  const err = await inv.ddns(withTimeout(background, 120), 'svc', '/x', {}, { timeoutMs: 5000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeadlineExceededError);
  expect(Date.now() - started).toBeLessThan(1000);
  await inv.close();
});

test('nested calls share one budget: the middle service forwards what is left', async () => {
  const inner = new Invoker({ resolver: staticResolver([fast.node]) });
  // A middle service that reads the deadline from its request and calls the next one with it.
  const middle: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const ctx = contextFromRequest(req);
      const left = remainingMs(ctx)!;
      setTimeout(() => {
        inner
          .ddns<{ header: string }>(ctx, 'leaf', '/x', {})
          .then((leaf) => json(res, 200, { leftAtMiddle: left, leafSaw: Number(leaf.header) }))
          .catch((e: unknown) => json(res, 500, { message: String(e) }));
      }, 100);
    });
  });
  await new Promise<void>((r) => middle.listen(0, '127.0.0.1', r));
  const port = (middle.address() as AddressInfo).port;
  const outer = new Invoker({ resolver: staticResolver([{ id: 'mid', address: '127.0.0.1', port, metadata: {} }]) });
  const out = await outer.ddns<{ leftAtMiddle: number; leafSaw: number }>(withTimeout(background, 10_000), 'middle', '/x', {});
  expect(out.leftAtMiddle).toBeLessThanOrEqual(10_000);
  expect(out.leftAtMiddle).toBeGreaterThan(5000);
  // The leaf sees what the middle had, minus the >= 100 ms the middle spent before calling it.
  expect(out.leafSaw).toBeLessThanOrEqual(out.leftAtMiddle - 90);
  expect(out.leafSaw).toBeGreaterThan(out.leftAtMiddle - 5000);
  await Promise.all([outer.close(), inner.close()]);
  middle.closeAllConnections();
  await new Promise<void>((r) => middle.close(() => r()));
});

test('contextFromRequest ignores a missing or malformed header', () => {
  expect(contextFromRequest({ headers: {} })).toEqual({});
  expect(contextFromRequest({ headers: { [DEADLINE_HEADER]: '-5' } })).toEqual({});
  expect(contextFromRequest({ headers: { [DEADLINE_HEADER]: '12abc' } })).toEqual({});
  expect(contextFromRequest({ headers: { [DEADLINE_HEADER]: '250' } }, () => 1000)).toEqual({ deadline: 1250 });
});

test('withTimeout keeps the sooner of the parent’s deadline and its own', () => {
  const now = (): number => 10_000;
  expect(withTimeout({ deadline: 10_100 }, 500, now).deadline).toBe(10_100);
  expect(withTimeout({ deadline: 20_000 }, 500, now).deadline).toBe(10_500);
  expect(withTimeout(background, 50, now).deadline).toBe(10_050);
});

import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@gatehouse/foundation';
import { background, Invoker, roundRobinBalancer } from '../src';
import { json, nodeAt, startServer, staticResolver, type TestServer } from './servers';

/** A registered instance whose process is gone: it accepts and resets every connection, and counts them. */
async function deadInstance(): Promise<{ port: number; connects: () => number; close: () => Promise<void> }> {
  let connects = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    connects++;
    sockets.add(s);
    s.resetAndDestroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connects: () => connects,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let good: TestServer;
let dead: Awaited<ReturnType<typeof deadInstance>>;
beforeAll(async () => {
  good = await startServer('good', (_r, _b, res) => json(res, 200, { from: 'good' }));
  dead = await deadInstance();
});
afterAll(async () => {
  await Promise.all([good.close(), dead.close()]);
});

test('a dead but registered instance is ejected after the threshold and costs nothing per call until its ejection ends', async () => {
  const clock = new ManualClock();
  const inv = new Invoker({
    resolver: staticResolver([nodeAt('dead', dead.port), good.node]),
    clock,
    outlierDetection: { consecutiveFailures: 3, baseEjectionMs: 10_000 },
  });
  try {
    const call = () => inv.ddns(background, 'svc', '/read', undefined, { httpMethod: 'GET', retries: 1, balance: roundRobinBalancer() });
    for (let i = 0; i < 6; i++) await expect(call()).resolves.toEqual({ from: 'good' });
    const atEjection = dead.connects();
    expect(atEjection).toBe(3);
    expect(inv.outliers('svc')!.isEjected('dead')).toBe(true);
    for (let i = 0; i < 20; i++) await expect(call()).resolves.toEqual({ from: 'good' });
    expect(dead.connects()).toBe(atEjection);
    clock.advance(10_000);
    expect(inv.outliers('svc')!.isEjected('dead')).toBe(false);
    for (let i = 0; i < 4; i++) await call();
    // Back in rotation: it is tried again (and its failures count towards a longer ejection).
    expect(dead.connects()).toBeGreaterThan(atEjection);
  } finally {
    await inv.close();
  }
});

test('with every instance ejected, calls still go out (panic mode) rather than failing without a try', async () => {
  const clock = new ManualClock();
  const inv = new Invoker({ resolver: staticResolver([nodeAt('dead', dead.port)]), clock, outlierDetection: { consecutiveFailures: 1, maxEjectedPercent: 100 } });
  try {
    const before = dead.connects();
    await expect(inv.ddns(background, 'svc', '/read', undefined, { httpMethod: 'GET' })).rejects.toMatchObject({ code: expect.stringMatching(/^INV_/) as string });
    expect(inv.outliers('svc')!.isEjected('dead')).toBe(true);
    await expect(inv.ddns(background, 'svc', '/read', undefined, { httpMethod: 'GET' })).rejects.toMatchObject({ code: expect.stringMatching(/^INV_/) as string });
    expect(dead.connects()).toBe(before + 2);
  } finally {
    await inv.close();
  }
});

test('outlierDetection: false keeps every instance in rotation', async () => {
  const inv = new Invoker({ resolver: staticResolver([nodeAt('dead', dead.port), good.node]), outlierDetection: false });
  try {
    expect(inv.outliers('svc')).toBeUndefined();
  } finally {
    await inv.close();
  }
});

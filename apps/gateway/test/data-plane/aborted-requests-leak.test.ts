import { connect, type Server, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway, until } from '../support/harness';

const TOTAL = 10_000;
const BATCH = 200;
const POOL = 16;

/** A forced full GC (exposed at run time so jest needs no --expose-gc flag). */
function forceGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const connections = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

describe('no socket or memory leak across 10,000 aborted requests', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let gatewayServer: Server;
  let port: number;
  let backendPeak = 0;
  let backendReceived = 0;
  let backendAborted = 0;
  beforeAll(async () => {
    backend = await startBackend();
    // A backend that answers very slowly (never, within this test); it counts the requests the
    // gateway sent and the ones the gateway aborted.
    backend.server.removeAllListeners('request');
    backend.server.on('request', (_req, res) => {
      backendReceived++;
      res.on('close', () => backendAborted++);
    });
    backend.server.on('connection', () => {
      void connections(backend.server).then((n) => (backendPeak = Math.max(backendPeak, n)));
    });
    gw = await startTestGateway();
    await createPipeline(gw, 'leak', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/slow' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: 'GET', max_connections_per_origin: POOL } },
    ]);
    port = serverPort(gw, 'leak');
    const srv = gw.pipeline('leak')!.currentHandles().find((h) => h.pluginType === 'HTTPServer')!.instance;
    gatewayServer = (srv as any).listener.server as Server;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  /** Opens `n` connections, sends a request on each, waits until the gateway runs them all, then aborts them. */
  async function abortBatch(n: number): Promise<void> {
    const pipeline = gw.pipeline('leak')!;
    const socks: Socket[] = [];
    for (let i = 0; i < n; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.write(`GET /slow?i=${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
      socks.push(s);
    }
    await until(() => pipeline.ctx.inFlight() + pipeline.ctx.waitQueueLength() === n, 10_000, 'the batch to arrive');
    for (const s of socks) s.destroy();
    await until(() => pipeline.ctx.inFlight() === 0 && pipeline.ctx.waitQueueLength() === 0, 10_000, 'the batch to be cancelled');
  }

  // About 8 s on an idle 2-core machine; the timeout leaves room for a busy one.
  it('returns connections, in-flight tasks and heap to their baseline', async () => {
    await abortBatch(BATCH); // warm up pools, JIT and buffers before the baseline
    forceGc();
    const heapBefore = process.memoryUsage().heapUsed;

    for (let sent = 0; sent < TOTAL; sent += BATCH) await abortBatch(BATCH);

    const pipeline = gw.pipeline('leak')!;
    expect(pipeline.ctx.inFlight()).toBe(0);
    let gwConns = Infinity;
    await until(() => {
      void connections(gatewayServer).then((n) => (gwConns = n));
      return gwConns === 0;
    }, 5000, 'gateway connections to close');
    expect(await connections(backend.server)).toBeLessThanOrEqual(POOL);
    // Aborted backend connections are replaced while their close is still in flight, hence 2×.
    expect(backendPeak).toBeLessThanOrEqual(2 * POOL);
    expect(backendReceived).toBeGreaterThanOrEqual(TOTAL / BATCH);
    await until(() => backendAborted === backendReceived, 5000, 'every backend request to be aborted');

    forceGc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  }, 90_000);
});

import { request } from 'undici';
import { memoryRegistry, type MemoryRegistry, type Service } from '@gatehouse/registry';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';
import { REGISTRY_DRIVER } from './registry-source';

const service = (nodes: TestBackend[]): Service => ({
  name: 'echo',
  version: '1.0.0',
  metadata: {},
  endpoints: [],
  nodes: nodes.map((b) => ({ id: `echo-${b.port}`, address: '127.0.0.1', port: b.port, metadata: {} })),
});

/** Polls `probe` until it holds (the watch is asynchronous), failing after ~5 s. */
async function eventually(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached');
}

describe('HTTPOutput upstream on an embedded registry driver, following its watch', () => {
  let registry: MemoryRegistry;
  let gw: Gateway;
  let a: TestBackend;
  let b: TestBackend;
  let base: string;
  beforeAll(async () => {
    registry = memoryRegistry();
    a = await startBackend((_req, res) => res.end('a'));
    b = await startBackend((_req, res) => res.end('b'));
    await registry.register(service([a]));
    gw = await startTestGateway();
    gw.services.provide(REGISTRY_DRIVER, () => registry);
    await createPipeline(gw, 'svc', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/echo' }),
      {
        type: 'HTTPOutput',
        // An hour between polls: every change below must come from the watch.
        config: { plugin_name: 'out', url_pattern: '/', method: 'GET', upstream: { service_name: 'echo', registry: 'embedded', registry_refresh_sec: 3600, balance: 'round-robin' } },
      },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'svc')}/echo`;
  });
  afterAll(async () => {
    await gw.stop();
    await registry.close();
    await Promise.all([a.close(), b.close()]);
  });
  const hit = async (): Promise<{ status: number; body: string }> => {
    const res = await request(base);
    return { status: res.statusCode, body: await res.body.text() };
  };

  it('routes to the registered instance', async () => {
    expect(await hit()).toEqual({ status: 200, body: 'a' });
  });

  it('adds an instance when it registers', async () => {
    await registry.register(service([a, b]));
    await eventually(async () => {
      const seen = new Set([(await hit()).body, (await hit()).body]);
      return seen.has('a') && seen.has('b');
    });
  });

  it('answers 503 GW_NO_HEALTHY_BACKEND once the service is gone', async () => {
    await registry.deregister(service([a, b]));
    await eventually(async () => (await hit()).status === 503);
  });
});

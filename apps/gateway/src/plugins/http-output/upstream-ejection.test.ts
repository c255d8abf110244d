import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';
import { BACKEND_HEALTH_BOARD, BackendHealthBoard } from './backend-health-board';

/**
 * Passive health end to end: three real backends, one killed. Errors stop after the
 * consecutive-failure threshold, the dead one receives nothing more, the board and the
 * statistics say so, and with every instance out the answer is an immediate 503.
 */
describe('HTTPOutput upstream: passive ejection of a killed backend', () => {
  let gw: Gateway;
  let backends: TestBackend[];
  let base: string;
  beforeAll(async () => {
    backends = await Promise.all([0, 1, 2].map((i) => startBackend((_req, res) => res.end(`b${i}`))));
    gw = await startTestGateway();
    await createPipeline(gw, 'up', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/svc' }),
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'out',
          url_pattern: '/hello',
          method: 'GET',
          upstream: {
            origins: backends.map((b) => b.url),
            balance: 'round-robin',
            outlier_detection: { consecutive_failures: 3, base_ejection_sec: 60, max_ejected_percent: 100 },
          },
        },
      },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'up')}/svc`;
  });
  afterAll(async () => {
    await gw.stop();
    await Promise.all(backends.slice(1).map((b) => b.close()));
  });
  const board = () => gw.services.get(BACKEND_HEALTH_BOARD, () => new BackendHealthBoard()).list();
  const indicator = (name: string) => gw.statistics.get('up')!.customIndicators('out').find((i) => i.name === name)!.value();

  it('spreads requests over the three instances while all are up', async () => {
    for (let i = 0; i < 9; i++) {
      const res = await request(base);
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    }
    expect(backends.map((b) => b.requests.length)).toEqual([3, 3, 3]);
    expect(indicator('BACKEND_AVAILABLE_COUNT')).toBe(3);
  });

  it('a killed instance costs at most consecutive_failures errors, then nothing', async () => {
    await backends[0]!.close();
    const seen = backends.map((b) => b.requests.length);
    let errors = 0;
    for (let i = 0; i < 60; i++) {
      const res = await request(base);
      if (res.statusCode !== 200) errors++;
      await res.body.dump();
    }
    expect(errors).toBeLessThanOrEqual(3);
    expect(errors).toBeGreaterThan(0);
    expect(backends.slice(1).map((b, i) => b.requests.length - seen[i + 1]!).reduce((x, y) => x + y)).toBe(60 - errors);
    const dead = board()[0]!.instances.find((i) => i.origin === backends[0]!.url)!;
    expect(dead).toMatchObject({ ejected: true, available: false, ejections: 1 });
    expect(dead.ejected_for_ms).toBeGreaterThan(50_000);
    expect(indicator('BACKEND_EJECTED_COUNT')).toBe(1);
    expect(indicator('BACKEND_AVAILABLE_COUNT')).toBe(2);
  });

  it('with every instance out, answers 503 GW_NO_HEALTHY_BACKEND at once', async () => {
    await Promise.all(backends.slice(1).map((b) => b.close()));
    for (let i = 0; i < 12; i++) await (await request(base)).body.dump();
    expect(board()[0]!.instances.every((i) => !i.available)).toBe(true);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const res = await request(base);
      const body = (await res.body.json()) as { code: string };
      times.push(performance.now() - started);
      expect([res.statusCode, body.code]).toEqual([503, 'GW_NO_HEALTHY_BACKEND']);
    }
    times.sort((x, y) => x - y);
    // Generous for a loaded CI machine; docs/benchmarks.md records the measured p99.
    expect(times[Math.floor(times.length * 0.99)]).toBeLessThan(100);
  });
});

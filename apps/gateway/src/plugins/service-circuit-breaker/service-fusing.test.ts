import pino from 'pino';
import { bootstrap, type RunningGateway } from '../../bootstrap';
import { MemoryConfigStore } from '../../config-store/config-store';
import { ManualClock } from '../../engine/clock';
import { builtinPlugins } from '..';
import { api } from '../../../test/admin/harness';
import { serverPort } from '../../../test/support/gateway';
import { testPlugins } from '../../../test/support/test-plugins';

/** A pipeline server → input → breaker → a backend stand-in that fails every run (TestFail 503). */
describe('ServiceCircuitBreaker in a gateway: 429 "service fusing", state in statistics and /metrics', () => {
  let gw: RunningGateway;
  const clock = new ManualClock();
  afterAll(() => gw.close());

  it('opens at the first tick after the backend fails at 100 rps and answers 429 GW_SERVICE_FUSING', async () => {
    gw = await bootstrap({ adminPort: 0, logger: pino({ level: 'silent' }), store: new MemoryConfigStore(), clock, plugins: [...builtinPlugins, ...testPlugins] });
    const g = gw.gateway;
    await g.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port: 0 } });
    await g.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/api', respond_error: true } });
    await g.createPlugin({ type: 'ServiceCircuitBreaker', config: { plugin_name: 'breaker', plugins_concerned: ['backend'] } });
    await g.createPlugin({ type: 'TestFail', config: { plugin_name: 'backend', result_code: 503 } });
    await g.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'svc', plugin_names: ['server', 'in', 'breaker', 'backend'] } });
    const url = `http://127.0.0.1:${serverPort(g, 'svc')}/api`;
    const state = async (): Promise<number> =>
      (await api(gw.adminUrl, 'GET', '/statistics/v1/pipelines/svc/plugins/breaker/indicators/CIRCUIT_BREAKER_STATE/value')).body.value as number;

    expect(await state()).toBe(0);
    // 500 failing calls within one 5-s tick: 100 per second.
    for (let batch = 0; batch < 10; batch++) {
      const statuses = await Promise.all(Array.from({ length: 50 }, async () => (await fetch(url)).status));
      expect(statuses.every((s) => s === 503)).toBe(true);
    }
    clock.advance(5000);
    expect(await state()).toBe(2);
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'GW_SERVICE_FUSING', message: 'service fusing' });

    const metrics = await (await fetch(`${gw.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/^gatehouse_plugin_indicator\{pipeline="svc",plugin="breaker",indicator="CIRCUIT_BREAKER_STATE"\} 2$/m);

    // After recovery_time_msec requests are probes (10 permitted): they reach the still failing
    // backend, and once 5 of the 10 failed (50 %) the breaker is open again.
    clock.advance(1000);
    for (let i = 0; i < 5; i++) expect((await fetch(url)).status).toBe(503);
    expect(await state()).toBe(2);
    expect((await fetch(url)).status).toBe(429);
  });
});

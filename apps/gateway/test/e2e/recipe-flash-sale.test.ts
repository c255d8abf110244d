import { request } from 'undici';
import { ManualClock } from '../../src/engine/clock';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort, startGateway } from '../support/gateway';

/**
 * Reference §2.11, flash sale: HTTPHeaderCounter counts the shoppers (sessions), a
 * StaticProbabilityLimiter lets half the crowd through to the shop, and a NoMoreFailureLimiter
 * refuses everyone at the gateway once the shop has said "sold out" (410) a few times, so the
 * backend stops seeing the crowd. The README shows the same config.
 */
export const flashSaleRecipe = (backendUrl: string) => [
  { type: 'HTTPServer', config: { plugin_name: 'server', port: 0 } },
  { type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/sale/buy', methods: ['POST'] } },
  { type: 'HTTPHeaderCounter', config: { plugin_name: 'shoppers', header_concerned: 'X-Session-Id', expiration_sec: 60 } },
  { type: 'NoMoreFailureLimiter', config: { plugin_name: 'sold-out', failure_count_threshold: 3, failure_task_data_key: 'HTTP_RESP_CODE', failure_task_data_value: '410' } },
  { type: 'StaticProbabilityLimiter', config: { plugin_name: 'half', pass_pr: 0.5 } },
  { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backendUrl}/buy`, method: 'POST', expected_response_codes: [200] } },
];

describe('recipe: flash sale (HTTPHeaderCounter + NoMoreFailureLimiter + StaticProbabilityLimiter)', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let stock = 5;
  beforeAll(async () => {
    backend = await startBackend((_req, res) => {
      const sold = stock > 0;
      if (sold) stock--;
      res.writeHead(sold ? 200 : 410, { 'content-type': 'application/json' });
      res.end(sold ? '{"bought":true}' : '{"sold_out":true}');
    });
    gw = await startGateway({ clock: new ManualClock() });
    const specs = flashSaleRecipe(backend.url);
    for (const s of specs) await gw.createPlugin(s);
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'sale', plugin_names: specs.map((s) => s.config.plugin_name) } });
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('sells the stock, lets three "sold out" answers through, then refuses the crowd at the gateway', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await request(`http://127.0.0.1:${serverPort(gw, 'sale')}/sale/buy`, { method: 'POST', headers: { 'x-session-id': `shopper-${i}` } });
      await res.body.dump();
      statuses.push(res.statusCode);
    }
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect([count(200), count(410), count(429)]).toEqual([5, 3, 92]);
    expect(backend.requests).toHaveLength(8); // half of the crowd until sold out, then nobody
    expect(statuses.lastIndexOf(410)).toBeLessThan(statuses.length - 1);
    expect(statuses.slice(statuses.lastIndexOf(410) + 1).every((s) => s === 429)).toBe(true);
    const indicators = Object.fromEntries(
      ['shoppers', 'sold-out'].flatMap((p) => gw.statistics.get('sale')!.customIndicators(p).map((i) => [`${p}.${i.name}`, i.value()])),
    );
    expect(indicators).toMatchObject({ 'shoppers.RECENT_HEADER_COUNT': 100, 'sold-out.FAILURE_COUNT': 3 });
  });
});

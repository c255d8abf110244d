import { request } from 'undici';
import { ManualClock } from '../../src/engine/clock';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort, startGateway } from '../support/gateway';

/**
 * Reference §2.11, degradation: SimpleCommonMock concerned with the limiter's flow-control
 * result. Over the limit, clients get the mock answer instead of 429 and the backend is spared.
 */
export const degradationRecipe = (backendUrl: string) => [
  { type: 'HTTPServer', config: { plugin_name: 'server', port: 0 } },
  { type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/recommendations', methods: ['GET'], response_body_buffer_key: 'HTTP_RESP_BODY_BUF' } },
  {
    type: 'SimpleCommonMock',
    config: {
      plugin_name: 'degrade',
      plugins_concerned: ['limiter'],
      task_error_codes_concerned: ['ResultFlowControl'],
      mock_status: 200,
      mock_body: '{"items":[],"degraded":true}',
      mock_headers: { 'content-type': 'application/json', 'x-degraded': '1' },
    },
  },
  { type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '1', timeout_msec: 0 } },
  { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backendUrl}/recommendations`, method: 'GET' } },
];

describe('recipe: degradation (SimpleCommonMock concerned with the limiter)', () => {
  let gw: Gateway;
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[1,2,3]}');
    });
    gw = await startGateway({ clock: new ManualClock() });
    const specs = degradationRecipe(backend.url);
    for (const s of specs) await gw.createPlugin(s);
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'deg', plugin_names: specs.map((s) => s.config.plugin_name) } });
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('serves the burst from the backend and the excess from the mock, never a 429', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(`http://127.0.0.1:${serverPort(gw, 'deg')}/recommendations`);
      answers.push({ status: res.statusCode, degraded: res.headers['x-degraded'] ?? null, body: await res.body.text() });
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.slice(0, 2).map((a) => a.body)).toEqual(['{"items":[1,2,3]}', '{"items":[1,2,3]}']);
    expect(answers.slice(2)).toEqual(Array(3).fill({ status: 200, degraded: '1', body: '{"items":[],"degraded":true}' }));
    expect(backend.requests).toHaveLength(2);
  });
});

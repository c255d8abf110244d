import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { REQUEST_KEYS, RESPONSE_KEYS } from '../../../test/support/cross-pipeline';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('a cycle of UpstreamOutputs is cut at a fixed depth instead of recursing', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('a pipeline that calls itself answers 503 naming the depth, and the gateway keeps serving', async () => {
    gw = await startTestGateway();
    // The target may be named before it exists: `loop` calls `loop`.
    await createPipeline(gw, 'loop', [
      { type: 'DownstreamInput', config: { plugin_name: 'loop-in', response_data_keys: RESPONSE_KEYS } },
      { type: 'UpstreamOutput', config: { plugin_name: 'loop-up', target_pipelines: ['loop'], request_data_keys: REQUEST_KEYS } },
    ]);
    await createPipeline(gw, 'api', [
      serverSpec('api-srv'),
      inputSpec('api-in', 'api-srv', { path: '/api/{rest...}' }),
      { type: 'UpstreamOutput', config: { plugin_name: 'api-up', target_pipelines: ['loop'], request_data_keys: REQUEST_KEYS } },
    ]);
    const base = `http://127.0.0.1:${serverPort(gw, 'api')}`;
    for (let i = 0; i < 2; i++) {
      const res = await request(`${base}/api/x`);
      expect(res.statusCode).toBe(503);
      expect(await res.body.json()).toMatchObject({ code: 'GW_SERVICE_UNAVAILABLE', message: expect.stringContaining('deeper than 8') as unknown });
    }
    expect(gw.pipeline('loop')!.ctx.inFlight()).toBe(0);
  });
});

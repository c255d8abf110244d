import type { Gateway } from '../../engine/gateway';
import { startTestGateway } from '../../../test/support/harness';

describe('UpstreamOutput and DownstreamInput configs that cannot work are refused with the field', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.stop());

  const up = (config: Record<string, unknown>): Promise<unknown> =>
    gw.createPlugin({ type: 'UpstreamOutput', config: { plugin_name: 'up', target_pipelines: ['a', 'b'], ...config } });

  it.each([
    [{ route_policy: 'weighted_round_robin' }, 'config.target_weights'],
    [{ route_policy: 'weighted_random', target_weights: [0, 0] }, 'config.target_weights'],
    [{ route_policy: 'hash' }, 'config.value_hashed_keys'],
    [{ route_policy: 'filter', filter_conditions: [{}] }, 'config.filter_conditions'],
    [{ route_policy: 'filter', filter_conditions: [{}, { UID: '(a)\\1' }] }, 'config.filter_conditions.1.UID'],
    [{ route_policy: 'fanout', target_response_flags: [true] }, 'config.target_response_flags'],
    [{ route_policy: 'sticky' }, 'config.route_policy'],
    [{ target_pipelines: ['../etc'] }, 'config.target_pipelines.0'],
    [{ target_pipelines: [] }, 'config.target_pipelines'],
    [{ timeout_sec: 0 }, 'config.timeout_sec'],
  ])('%j → 400 on %s', async (config, field) => {
    await expect(up(config)).rejects.toMatchObject({ status: 400, field });
    expect(gw.model.getPlugin('up')).toBeUndefined();
  });

  it('a DownstreamInput must be the first plugin of its pipeline', async () => {
    await gw.createPlugin({ type: 'DownstreamInput', config: { plugin_name: 'down' } });
    await gw.createPlugin({ type: 'TestProbe', config: { plugin_name: 'probe' } });
    await expect(gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['probe', 'down'] } })).rejects.toMatchObject({
      code: 'GW_PIPELINE_ORDER',
    });
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['down', 'probe'] } });
    expect(gw.pipeline('p')!.inbox.receiving).toBe(true);
  });
});

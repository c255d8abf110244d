import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPOutput upstream and retry options: refused at config time, naming the field', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.stop();
  });
  const out = (config: Record<string, unknown>) =>
    gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'bad', url_pattern: '/x', method: 'GET', ...config } });
  const origins = ['http://127.0.0.1:1', 'http://127.0.0.1:2'];

  it.each([
    [{ upstream: {} }, 'config.upstream'],
    [{ upstream: { origins, service_name: 'auth' } }, 'config.upstream'],
    [{ upstream: { origins: ['http://127.0.0.1:1/path'] } }, 'config.upstream.origins.0'],
    [{ upstream: { origins: ['https://127.0.0.1:1'] } }, 'config.upstream.origins.0'],
    [{ upstream: { origins: ['http://user:pw@127.0.0.1:1'] } }, 'config.upstream.origins.0'],
    [{ upstream: { origins: ['http://127.0.0.1:80', 'http://127.0.0.1'] } }, 'config.upstream.origins'],
    [{ upstream: { origins, balance: 'consistent-hash' } }, 'config.upstream.hash_key'],
    [{ upstream: { origins, balance: 'fastest' } }, 'config.upstream.balance'],
    [{ upstream: { origins }, url_pattern: 'http://127.0.0.1:1/x' }, 'config.url_pattern'],
    [{ upstream: { origins }, allowed_origins: ['http://127.0.0.1:1'] }, 'config.allowed_origins'],
    [{ upstream: { origins, outlier_detection: { base_ejection_sec: 60, max_ejection_sec: 30 } } }, 'config.upstream.outlier_detection.max_ejection_sec'],
    [{ upstream: { origins, outlier_detection: { max_ejected_percent: 101 } } }, 'config.upstream.outlier_detection.max_ejected_percent'],
    [{ upstream: { origins, health_check: { path: 'healthz' } } }, 'config.upstream.health_check.path'],
    [{ upstream: { origins, health_check: { path: '/h', interval_sec: 0 } } }, 'config.upstream.health_check.interval_sec'],
    [{ upstream: { service_name: '../etc' } }, 'config.upstream.service_name'],
    [{ upstream: { service_name: 'auth', registry_agent_url: 'http://127.0.0.1:7070/v1' } }, 'config.upstream.registry_agent_url'],
    [{ upstream: { origins, registry_refresh_sec: 0 } }, 'config.upstream.registry_refresh_sec'],
    [{ upstream: { service_name: 'auth', registry: 'consul' } }, 'config.upstream.registry'],
    [{ url_pattern: '/x' }, 'config.url_pattern'],
    [{ url_pattern: 'http://127.0.0.1:1/x', retry: { retries: 6 } }, 'config.retry.retries'],
    [{ url_pattern: 'http://127.0.0.1:1/x', retry: { budget_percent: -1 } }, 'config.retry.budget_percent'],
    [{ url_pattern: 'http://127.0.0.1:1/x', retry: { retry_on: [500] } }, 'config.retry.retry_on'],
  ])('%j → 400 GW_VALIDATION at %s', async (config, field) => {
    await expect(out(config)).rejects.toMatchObject({ code: 'GW_VALIDATION', field });
    expect(gw.model.getPlugin('bad')).toBeUndefined();
  });

  it('registry "embedded" without a driver from the host: the pipeline that would build it is refused', async () => {
    await gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'emb', url_pattern: '/x', method: 'GET', upstream: { service_name: 'auth', registry: 'embedded' } } });
    await expect(
      gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'emb-p', plugin_names: ['emb'] } }),
    ).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.upstream.registry' });
    expect(gw.model.getPipeline('emb-p')).toBeUndefined();
    await gw.deletePlugin('emb');
  });

  it('fills the defaults: p2c-ewma, outlier detection on, no active checks', async () => {
    await gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'ok', url_pattern: '/x', method: 'GET', upstream: { origins } } });
    expect(gw.model.getPlugin('ok')!.config['upstream']).toEqual({
      origins,
      registry: 'agent',
      registry_agent_url: 'http://127.0.0.1:7070',
      registry_refresh_sec: 1,
      balance: 'p2c-ewma',
      hash_key: '',
      outlier_detection: { consecutive_failures: 5, base_ejection_sec: 30, max_ejection_sec: 300, max_ejected_percent: 50 },
    });
  });
});

describe('HTTPOutput upstream balancers', () => {
  let gw: Gateway;
  let backends: TestBackend[];
  let base: string;
  beforeAll(async () => {
    backends = await Promise.all([0, 1, 2, 3].map((i) => startBackend((_req, res) => res.end(`b${i}`))));
    gw = await startTestGateway();
    await createPipeline(gw, 'hash', [
      serverSpec('srv'),
      inputSpec('in-hash', 'srv', { path: '/hash' }),
      {
        type: 'HTTPOutput',
        config: { plugin_name: 'out-hash', url_pattern: '/', method: 'GET', upstream: { origins: backends.map((b) => b.url), balance: 'consistent-hash', hash_key: 'HTTP_X_USER' } },
      },
    ]);
    await createPipeline(gw, 'rr', [
      serverSpec('srv'),
      inputSpec('in-rr', 'srv', { path: '/rr' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-rr', url_pattern: '/', method: 'GET', upstream: { origins: backends.map((b) => b.url), balance: 'round-robin' } } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'hash')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await Promise.all(backends.map((b) => b.close()));
  });
  const hit = async (path: string, user?: string): Promise<string> => {
    const res = await request(`${base}${path}`, user === undefined ? {} : { headers: { 'x-user': user } });
    return res.body.text();
  };

  it('consistent-hash sends one task value to one instance, and spreads many values', async () => {
    const owners = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      for (let u = 0; u < 40; u++) {
        const user = `user-${u}`;
        const set = owners.get(user) ?? new Set<string>();
        set.add(await hit('/hash', user));
        owners.set(user, set);
      }
    }
    expect([...owners.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set([...owners.values()].map((s) => [...s][0])).size).toBeGreaterThanOrEqual(3);
  });

  it('round-robin cycles through every instance', async () => {
    const seen = [];
    for (let i = 0; i < 8; i++) seen.push(await hit('/rr'));
    expect(seen.slice(0, 4).sort()).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(seen.slice(4)).toEqual(seen.slice(0, 4));
  });
});

import { api, removeDir, startGateway, tempDataDir } from '../admin/harness';
import type { RunningGateway } from '../../src/bootstrap';
import { edKey } from '../support/tokens';

// No Redis is reached: the validator keeps revocations in memory and the limiter uses its local
// policy, so only the stored option is under test.
const PASSWORD = 'S3cret-redis-pw';
const WITH_PASSWORD = `redis://:${PASSWORD}@127.0.0.1:6379/2`;
const MARKED = /^redis:\/\/:redacted%3Asha256%3A[0-9a-f]{16}@127\.0\.0\.1:6379\/2$/;

describe('the password inside a redis_url is redacted in admin answers, and a GET → PUT round trip keeps it', () => {
  let dir: string;
  let gw: RunningGateway;
  const ed = edKey('ed-1');
  const validator = { type: 'TokenValidator', config: { plugin_name: 'validator', keys: [{ kid: ed.kid, alg: 'EdDSA', public_key: ed.public_key }], redis_url: WITH_PASSWORD } };
  const limiter = { type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '10', redis_url: WITH_PASSWORD } };

  beforeEach(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterEach(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it.each([validator, limiter])('never answers the password of a $type, on create, list and get; the rest of the URL stays readable', async (spec) => {
    const name = spec.config.plugin_name;
    const created = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', spec);
    const listed = await api(gw.adminUrl, 'GET', '/admin/v1/plugins');
    const one = await api(gw.adminUrl, 'GET', `/admin/v1/plugins/${name}`);
    expect(created.status).toBe(201);
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body), JSON.stringify(one.body)]) expect(text).not.toContain(PASSWORD);
    expect(one.body.config.redis_url).toMatch(MARKED);
    expect(gw.gateway.getPlugin(name).config['redis_url']).toBe(WITH_PASSWORD);
  });

  it('answers a URL without a password as it is', async () => {
    await api(gw.adminUrl, 'POST', '/admin/v1/plugins', { ...limiter, config: { ...limiter.config, redis_url: 'redis://cache.internal:6380' } });
    expect((await api(gw.adminUrl, 'GET', '/admin/v1/plugins/limiter')).body.config.redis_url).toBe('redis://cache.internal:6380');
  });

  it('PUT of the redacted answer (with another change) keeps the stored password', async () => {
    await api(gw.adminUrl, 'POST', '/admin/v1/plugins', validator);
    const got = (await api(gw.adminUrl, 'GET', '/admin/v1/plugins/validator')).body as { type: string; config: Record<string, unknown> };
    const put = await api(gw.adminUrl, 'PUT', '/admin/v1/plugins', { type: got.type, config: { ...got.config, leeway_sec: 5 } });
    expect(put.status).toBe(200);
    expect(JSON.stringify(put.body)).not.toContain(PASSWORD);
    expect(gw.gateway.getPlugin('validator').config['leeway_sec']).toBe(5);
    expect(gw.gateway.getPlugin('validator').config['redis_url']).toBe(WITH_PASSWORD);
  });

  it('refuses a marker that stands for no stored password (400 GW_VALIDATION naming the field)', async () => {
    await api(gw.adminUrl, 'POST', '/admin/v1/plugins', validator);
    const forged = { ...validator, config: { ...validator.config, redis_url: 'redis://:redacted%3Asha256%3A0123456789abcdef@127.0.0.1:6379/2' } };
    const put = await api(gw.adminUrl, 'PUT', '/admin/v1/plugins', forged);
    expect([put.status, put.body.code, put.body.field]).toEqual([400, 'GW_VALIDATION', 'config.redis_url']);
    expect(gw.gateway.getPlugin('validator').config['redis_url']).toBe(WITH_PASSWORD);
  });
});

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { MalformedOperationError, RedisOperationLog } from '../../src/cluster/redis-operation-log';
import { SEALED_PREFIX, SecretSealer } from '../../src/cluster/secret-sealer';
import type { Operation } from '../../src/config-store/operation';
import type { PluginSpec } from '../../src/engine/types';
import { builtinPlugins } from '../../src/plugins';
import { eventually, startNode, stopNode, testGroup, type TestNode } from '../cluster/cluster-fixture';
import { hsKey } from '../support/tokens';

const schemaOf = (type: unknown) => builtinPlugins.find((d) => d.kind === type)?.schema;

/** Every string value stored under `prefix`: stream entries, snapshot hash fields, plain keys. */
async function redisContents(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  for (const key of await redis.keys(`${prefix}*`)) {
    const type = await redis.type(key);
    if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'string') out.push((await redis.get(key)) ?? '');
  }
  return out.join('\n');
}

describeWith('redis')('secrets in the cluster log are sealed with AES-256-GCM under the group key', () => {
  let redis: Redis;
  const prefix = `gh-seal-${randomBytes(4).toString('hex')}:`;
  const key = randomBytes(32);
  const hs = hsKey('k1');
  const spec: PluginSpec = { type: 'TokenIssuer', config: { plugin_name: 'iss', keys: [hs], active_kid: 'k1', ttl_sec: 60 } };

  beforeAll(() => {
    redis = new Redis(serviceUrl('redis'));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps no clear secret in the log or the snapshot, and opens both with the key', async () => {
    const log = new RedisOperationLog(redis, 'g1', { prefix, snapshotEvery: 1, sealer: new SecretSealer(key, schemaOf) });
    const op = { type: 'create_plugin', spec } satisfies Operation;
    await log.append(1, op, { plugins: [spec as never], pipelines: [] });
    const raw = await redisContents(redis, `${prefix}{g1}`);
    expect(raw).toContain(SEALED_PREFIX);
    expect(raw).not.toContain(hs.secret);
    const loaded = await log.load();
    expect((loaded.snapshot.plugins[0]!.config['keys'] as { secret: string }[])[0]!.secret).toBe(hs.secret);
  });

  it('a reader with another key, or none, fails with an error that names the variable', async () => {
    const writer = new RedisOperationLog(redis, 'g2', { prefix, sealer: new SecretSealer(key, schemaOf) });
    await writer.append(1, { type: 'create_plugin', spec } satisfies Operation, { plugins: [], pipelines: [] });
    const wrong = new RedisOperationLog(redis, 'g2', { prefix, sealer: new SecretSealer(randomBytes(32), schemaOf) });
    const none = new RedisOperationLog(redis, 'g2', { prefix, sealer: new SecretSealer(undefined, schemaOf) });
    await expect(wrong.load()).rejects.toThrow(MalformedOperationError);
    await expect(wrong.load()).rejects.toThrow(/GATEWAY_CLUSTER_SECRET_KEY differs from the key of the write node/);
    await expect(none.load()).rejects.toThrow(/sealed and this node has no key: set GATEWAY_CLUSTER_SECRET_KEY/);
  });

  it('a writer without a key refuses inline key material (GW_SECRET_KEY_REQUIRED) and appends nothing', async () => {
    const log = new RedisOperationLog(redis, 'g3', { prefix, sealer: new SecretSealer(undefined, schemaOf) });
    await expect(log.append(1, { type: 'create_plugin', spec } satisfies Operation, { plugins: [], pipelines: [] })).rejects.toMatchObject({
      code: 'GW_SECRET_KEY_REQUIRED',
      field: 'config.keys.0.secret',
    });
    expect(await log.sequence()).toBe(0);
  });
});

describeWith('redis')('cluster nodes: sealed secrets end to end', () => {
  const key = randomBytes(32);
  const hs = hsKey('k1');
  const spec = { type: 'TokenIssuer', config: { plugin_name: 'iss', keys: [hs], active_kid: 'k1' } };
  const nodes: TestNode[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) await stopNode(n);
  });

  it('a reader with the key applies the secret; one with another key keeps its config and raises an alarm; answers stay redacted', async () => {
    const group = testGroup();
    const writer = await startNode(group, 'write', 'w', { secretKey: key });
    const good = await startNode(group, 'read', 'good', { secretKey: key });
    const bad = await startNode(group, 'read', 'bad', { secretKey: randomBytes(32) });
    nodes.push(writer, good, bad);
    const created = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, spec);
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(hs.secret);
    await eventually(() => good.gw.gateway.sequence === 1, 10_000, 'the good reader to apply');
    expect((good.gw.gateway.getPlugin('iss').config['keys'] as { secret: string }[])[0]!.secret).toBe(hs.secret);
    expect(JSON.stringify((await good.get('/admin/v1/plugins')).body)).not.toContain(hs.secret);
    await eventually(async () => JSON.stringify((await writer.get(`/cluster/health/v1/${group}/members`)).body).includes('differs from the key'), 10_000, 'the alarm');
    expect(bad.gw.gateway.sequence).toBe(0);
  }, 30_000);

  it('a write node without a key answers 400 GW_SECRET_KEY_REQUIRED to inline key material', async () => {
    const group = testGroup();
    const writer = await startNode(group, 'write', 'w');
    nodes.push(writer);
    const res = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, spec);
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'GW_SECRET_KEY_REQUIRED', 'config.keys.0.secret']);
    expect((await writer.get('/admin/v1/plugins/iss')).status).toBe(404);
  }, 30_000);
});

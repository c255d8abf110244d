import { Redis } from 'ioredis';
import { startBackend, type TestBackend } from '../support/backend';
import { PrivateRedis } from '@gatehouse/test-support/private-redis';
import { eventually, routeSpecs, testGroup } from './cluster-fixture';
import { NodeProcess } from './node-process';

/**
 * Requests `url` back to back for `ms`, and on a loaded machine longer, until 60 answered (at most
 * 15 s); resolves with how many answered 200 and how many did not.
 */
async function hammer(urls: string[], ms: number): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  const start = Date.now();
  const going = (): boolean => Date.now() < start + ms || (ok < 60 && Date.now() < start + 15_000);
  await Promise.all(
    urls.map(async (url) => {
      while (going()) {
        try {
          const res = await fetch(url);
          await res.arrayBuffer();
          if (res.status === 200) ok++;
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { ok, failed };
}

async function listenPort(n: NodeProcess): Promise<number> {
  return (await n.get('/statistics/v1/pipelines/api/plugins/api-srv/indicators/LISTEN_PORT/value')).body.value as number;
}

/**
 * Writer and readers as separate processes on a Redis of the test's own: read nodes keep
 * serving through a writer killed with SIGKILL and through Redis stopped, boot from their local
 * copy while Redis is down, and stop at a malformed operation keeping their last valid config.
 */
describe('cluster under faults (separate processes)', () => {
  let redis: PrivateRedis;
  let backend: TestBackend;
  let group: string;
  let writer: NodeProcess;
  let readers: NodeProcess[];
  let urls: string[];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    backend = await startBackend();
    group = testGroup();
    writer = await NodeProcess.start({ name: 'w', group, mode: 'write', redisUrl: redis.url });
    readers = await Promise.all(['r1', 'r2'].map((name) => NodeProcess.start({ name, group, mode: 'read', redisUrl: redis.url })));
    const specs = routeSpecs('api', '/api/{rest...}', backend.url);
    for (const p of specs.plugins) expect((await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, p)).status).toBe(201);
    expect((await writer.send('POST', `/cluster/admin/v1/${group}/pipelines`, { ...specs.pipeline, consistent: true })).body.lagging).toEqual([]);
    urls = [];
    for (const r of readers) urls.push(`http://127.0.0.1:${await listenPort(r)}/api/x`);
  }, 240_000);

  afterAll(async () => {
    // Also after a failed beforeAll: whatever started is stopped, so the run can exit.
    for (const n of [writer, ...(readers ?? [])]) await n?.destroy();
    await backend?.close();
    await redis?.destroy();
  });

  type Member = { name: string; alarm: string | null; max_sequence: number };
  const members = async (): Promise<Member[]> => {
    const r = await readers[1]!.get(`/cluster/health/v1/${group}/members`);
    return r.status === 200 ? (r.body.members as Member[]) : [];
  };

  it('read nodes serve every request while the writer is killed with SIGKILL', async () => {
    const load = hammer(urls, 1500);
    await new Promise((r) => setTimeout(r, 300));
    await writer.kill('SIGKILL');
    const { ok, failed } = await load;
    await writer.restart();
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(50);
  }, 120_000);

  it('read nodes serve every request while Redis is stopped, and follow the log again when it returns', async () => {
    await redis.stop(true);
    const { ok, failed } = await hammer(urls, 1500);
    await redis.restart();
    expect([failed, ok > 50]).toEqual([0, true]);
    // The writer reconnects by itself and appends; the readers pick it up.
    await eventually(async () => (await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'after', tps: '1' } })).status === 201, 15_000, 'writer append after Redis restart');
    for (const r of readers) await eventually(async () => (await r.get('/admin/v1/plugins/after')).status === 200, 15_000, `${r.name} applies after Redis restart`);
  }, 120_000);

  it('a read node restarted while Redis is down serves its local copy at once', async () => {
    const r = readers[0]!;
    await r.kill('SIGKILL');
    await redis.stop(true);
    await r.restart();
    expect((await r.get('/health/v1/ready')).status).toBe(200);
    // The test's servers listen on port 0, so the restarted node has a new port.
    urls[0] = `http://127.0.0.1:${await listenPort(r)}/api/x`;
    expect((await fetch(urls[0])).status).toBe(200);
    await redis.restart();
  }, 120_000);

  it('stops at a malformed operation, keeping its last valid config and raising an alarm, until the writer repairs', async () => {
    const c = new Redis(redis.url);
    try {
      const seq = Number(await c.get(`gatehouse:cluster:{${group}}:seq`));
      await c.xadd(`gatehouse:cluster:{${group}}:log`, `${seq + 1}-0`, 'op', '{"type":"create_plugin","spec":"not a spec"}');
      await c.set(`gatehouse:cluster:{${group}}:seq`, seq + 1);
      await eventually(async () => (await members()).filter((m) => m.alarm !== null).length === 3, 15_000, 'every node raises the alarm');
      for (const m of await members()) {
        expect(m.alarm).toMatch(new RegExp(`stopped at operation ${seq + 1}`));
        expect(m.max_sequence).toBe(seq);
      }
      expect((await fetch(urls[1]!)).status).toBe(200); // the last valid config still serves
      // Changes conflict until the writer publishes its config past the bad entry.
      expect((await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'z', tps: '1' } })).status).toBe(409);
      expect((await writer.send('POST', `/cluster/admin/v1/${group}/repair`, {})).body).toEqual({ sequence: seq + 1 });
      await eventually(async () => (await members()).every((m) => m.alarm === null && m.max_sequence === seq + 1), 15_000, 'repaired');
      const next = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'z', tps: '1' }, consistent: true });
      expect([next.status, next.body.operation_seq]).toEqual([201, seq + 2]);
    } finally {
      c.disconnect();
    }
  }, 120_000);

  it('a read node behind a malformed operation applies the good ones in front of it, then stops', async () => {
    const r = readers[0]!;
    const c = new Redis(redis.url);
    try {
      await r.kill('SIGKILL');
      const created = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'behind', tps: '1' } });
      expect(created.status).toBe(201);
      const good = created.body.operation_seq as number;
      await c.xadd(`gatehouse:cluster:{${group}}:log`, `${good + 1}-0`, 'op', 'not json');
      await c.set(`gatehouse:cluster:{${group}}:seq`, good + 1);
      // Restarted from its local copy (before `good`), it finds `good` and the bad entry in one read.
      await r.restart();
      urls[0] = `http://127.0.0.1:${await listenPort(r)}/api/x`;
      await eventually(async () => (await members()).find((m) => m.name === r.name)?.alarm?.startsWith(`stopped at operation ${good + 1}`) === true, 15_000, `${r.name} raises the alarm`);
      expect((await members()).find((m) => m.name === r.name)?.max_sequence).toBe(good);
      expect((await r.get('/admin/v1/plugins/behind')).status).toBe(200);
      expect((await writer.send('POST', `/cluster/admin/v1/${group}/repair`, {})).body).toEqual({ sequence: good + 1 });
      await eventually(async () => (await members()).every((m) => m.alarm === null && m.max_sequence === good + 1), 15_000, 'repaired');
    } finally {
      c.disconnect();
    }
  }, 120_000);
});

import { startBackend, type TestBackend } from '../support/backend';
import { describeWith } from '@gatehouse/test-support';
import { dataPort, eventually, routeSpecs, startNode, stopNode, testGroup, type TestNode } from './cluster-fixture';

/**
 * Slide 13 in one process: a write node appends admin changes to the group's log in Redis, read
 * nodes follow it with blocking reads and serve the same routes; read nodes refuse changes.
 */
describeWith('redis')('cluster: one write node and read nodes over the operation log', () => {
  let backend: TestBackend;
  let group: string;
  let writer: TestNode;
  let readers: TestNode[];

  beforeAll(async () => {
    backend = await startBackend();
    group = testGroup();
    writer = await startNode(group, 'write', 'w');
    readers = [await startNode(group, 'read', 'r1'), await startNode(group, 'read', 'r2')];
  });
  afterAll(async () => {
    for (const n of [writer, ...readers]) await stopNode(n);
    await backend.close();
  });

  it('replays the writer\'s changes on every read node, which then serves the route', async () => {
    const specs = routeSpecs('api', '/api/{rest...}', backend.url);
    for (const p of specs.plugins) expect((await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, p)).status).toBe(201);
    const created = await writer.send('POST', `/cluster/admin/v1/${group}/pipelines`, { ...specs.pipeline, consistent: true, timeout_sec: 10 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ operation_seq: 4, applied: ['r1', 'r2'], lagging: [] });
    for (const r of readers) {
      const port = await dataPort(r, 'api', 'api-srv');
      const res = await fetch(`http://127.0.0.1:${port}/api/hello`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { url: string }).url).toBe('/api/hello');
      expect((await r.get('/health/v1/ready')).body).toEqual({ status: 'ready', sequence: 4 });
    }
  });

  it('refuses a change sent to a read node with 421 GW_NOT_WRITER, changing nothing', async () => {
    const before = (await readers[0]!.get('/admin/v1/plugins')).body;
    const viaCluster = await readers[0]!.send('POST', `/cluster/admin/v1/${group}/plugins`, { type: 'HTTPServer', config: { plugin_name: 'x', port: 0 } });
    const viaAdmin = await readers[0]!.send('DELETE', '/admin/v1/plugins/api-in');
    for (const r of [viaCluster, viaAdmin]) expect([r.status, r.body.code]).toEqual([421, 'GW_NOT_WRITER']);
    expect((await readers[0]!.get('/admin/v1/plugins')).body).toEqual(before);
  });

  it('answers 409 GW_SEQUENCE_CONFLICT to a stale operation_seq and 400 GW_SEQUENCE_INVALID to a gap', async () => {
    const seq = (await writer.get(`/cluster/admin/v1/${group}/sequence`)).body.sequence as number;
    const spec = { type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: '5' } };
    const stale = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { ...spec, operation_seq: seq });
    const gap = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { ...spec, operation_seq: seq + 2 });
    expect([stale.status, stale.body.code, gap.status, gap.body.code]).toEqual([409, 'GW_SEQUENCE_CONFLICT', 400, 'GW_SEQUENCE_INVALID']);
    expect((await writer.get('/admin/v1/plugins/lim')).status).toBe(404);
    const ok = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { ...spec, operation_seq: seq + 1 });
    expect([ok.status, ok.body.operation_seq]).toEqual([201, seq + 1]);
  });

  it('lists the members with their mode, endpoint and how far each applied the log', async () => {
    await eventually(async () => {
      const h = (await writer.get(`/cluster/health/v1/${group}/members`)).body;
      return h.alive_count === 3 && h.members.every((m: { synced: boolean }) => m.synced);
    }, 5000, 'all members synced');
    const h = (await readers[1]!.get(`/cluster/health/v1/${group}/members`)).body;
    expect(h).toMatchObject({ group, alive_count: 3, failed_count: 0 });
    expect(h.members.map((m: { name: string; mode: string }) => [m.name, m.mode])).toEqual([
      ['r1', 'read'],
      ['r2', 'read'],
      ['w', 'write'],
    ]);
    for (const m of h.members) expect(m).toMatchObject({ alive: true, ready: true, alarm: null, sync_lag: 0, max_sequence: h.sequence });
    // The same list for the node's own group, where the dashboard looks for it.
    expect((await writer.get('/cluster/health/v1/members')).body).toMatchObject({ group, alive_count: 3 });
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith } from '@gatehouse/test-support';
import { startBackend, type TestBackend } from '../support/backend';
import { dataPort, eventually, routeSpecs, startNode, stopNode, testGroup, type TestNode } from './cluster-fixture';

/** The docker-compose stack seeds the write node's files; its read nodes must get that config. */
describeWith('redis')('a write node with seeded files and an empty group log', () => {
  let backend: TestBackend;
  const nodes: TestNode[] = [];
  afterAll(async () => {
    for (const n of nodes) await stopNode(n);
    await backend.close();
  });

  it('publishes its config as the first operations; a read node applies and serves it', async () => {
    backend = await startBackend();
    const dir = await mkdtemp(join(tmpdir(), 'gh-seeded-'));
    const specs = routeSpecs('seed', '/seed/{rest...}', backend.url);
    await writeFile(join(dir, 'plugins.json'), JSON.stringify({ plugins: specs.plugins }));
    await writeFile(join(dir, 'pipelines.json'), JSON.stringify({ pipelines: [specs.pipeline] }));
    const group = testGroup();
    const writer = await startNode(group, 'write', 'w', { dir });
    nodes.push(writer);
    expect((await writer.get(`/cluster/admin/v1/${group}/sequence`)).body.sequence).toBe(4);
    const reader = await startNode(group, 'read', 'r');
    nodes.push(reader);
    await eventually(() => reader.gw.gateway.sequence === 4, 10_000, 'the reader to apply the published config');
    const res = await fetch(`http://127.0.0.1:${await dataPort(reader, 'seed', 'seed-srv')}/seed/x`);
    expect(res.status).toBe(200);
    // The writer goes on from there.
    const next = await writer.send('POST', `/cluster/admin/v1/${group}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: '5' } });
    expect([next.status, next.body.operation_seq]).toEqual([201, 5]);
  }, 30_000);
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runCli } from '../cli/run-cli';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { eventually, startNode, stopNode, testGroup, type TestNode } from './cluster-fixture';

/**
 * `gatehouse cluster …`: concurrent admin clients race for sequence numbers; the CLI retries each
 * conflict, so every change lands exactly once, in one order that every node applies.
 */
describeWith('redis')('gatehouse cluster changes', () => {
  let group: string;
  let writer: TestNode;
  let reader: TestNode;

  beforeAll(async () => {
    group = testGroup();
    writer = await startNode(group, 'write', 'w');
    reader = await startNode(group, 'read', 'r');
  });
  afterAll(async () => {
    await stopNode(reader);
    await stopNode(writer);
  });

  it('lands every change of 12 concurrent clients exactly once, retrying conflicts', async () => {
    const files = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const f = join(writer.dir, `lim${i}.json`);
        await writeFile(f, JSON.stringify({ type: 'ThroughputRateLimiter', config: { plugin_name: `lim${i}`, tps: String(i + 1) } }));
        return f;
      }),
    );
    const runs = await Promise.all(files.map((f) => runCli(['--server', writer.gw.adminUrl, 'cluster', '--group', group, 'plugin', 'add', '-f', f])));
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, '']);
    const seqs = runs.map((r) => (JSON.parse(r.stdout) as { operation_seq: number }).operation_seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The log holds each change once, in the order of its numbers.
    const c = new Redis(serviceUrl('redis'));
    const entries = await c.xrange(`gatehouse:cluster:{${group}}:log`, '-', '+');
    c.disconnect();
    const names = entries.map(([, f]) => (JSON.parse(f[1]!) as { spec: { config: { plugin_name: string } } }).spec.config.plugin_name);
    expect(new Set(names).size).toBe(12);
    await eventually(async () => (await reader.get('/admin/v1/plugins')).body.plugins.length === 12, 5000, 'reader applied all');
    expect((await reader.get('/admin/v1/plugins')).body.plugins.map((p: { config: { plugin_name: string } }) => p.config.plugin_name)).toEqual(names);
  });

  it('sends a change given to a read node on to the write node, and waits for the readers with --consistent', async () => {
    const f = join(writer.dir, 'via-reader.json');
    await writeFile(f, JSON.stringify({ type: 'ThroughputRateLimiter', config: { plugin_name: 'via-reader', tps: '3' } }));
    const r = await runCli(['--server', reader.gw.adminUrl, 'cluster', '--group', group, '--consistent', 'plugin', 'add', '-f', f]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toMatchObject({ applied: ['r'], lagging: [] });
    expect((await reader.get('/admin/v1/plugins/via-reader')).status).toBe(200);
    const rm = await runCli(['--server', writer.gw.adminUrl, 'cluster', '--group', group, 'plugin', 'rm', 'via-reader']);
    expect(rm.code).toBe(0);
    const members = await runCli(['--server', reader.gw.adminUrl, 'cluster', '--group', group, 'members']);
    expect(JSON.parse(members.stdout)).toMatchObject({ group, alive_count: 2 });
  });
});

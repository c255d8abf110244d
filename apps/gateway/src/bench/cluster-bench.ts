import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { parseEntryFlags } from '../cli/entry-flags';
import { forkChild } from './child';
import { writeDocSection } from './doc-section';
import { createProxyRoute, GatewayProcess } from './gateway-process';
import { keepAliveLoad, non2xxCount, type LoadTally } from './keepalive-load';
import { PrivateRedis } from '@gatehouse/test-support/private-redis';
import { fmt } from './stats';

const USAGE = `Usage: node dist/bench/cluster-bench.js [--ops N] [--fault-seconds S] [--write-doc]

On a private redis-server (free port, AOF on; the shared one is never touched): a write node and
3 read nodes as separate processes (node dist/main.js), then
  1. propagation: N plugin updates sent one after the other to the writer; for each, the time
     from sending it to (baseline) a raw XREAD BLOCK follower seeing it in the log, and to each
     read node having applied it (its membership heartbeat, seen through keyspace notifications);
  2. availability: proxied requests on the readers while the writer is killed (SIGKILL) and
     while Redis is stopped, S seconds each;
  3. ordering: 4 concurrent admin clients append (reading the sequence, retrying on 409 as the CLI
     does) while the writer is killed and restarted twice; then every acknowledged operation must
     be in the log once, in sequence order, and every reader must hold the writer's config;
  4. a malformed operation written into the log: readers keep serving their last config, alarm.
Prints percentiles; --write-doc rewrites the cluster section of docs/benchmarks.md.

  --ops N            operations for the propagation figure (default 1000)
  --fault-seconds S  seconds of load per fault (default 10)
  -h, --help         print this and exit
`;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

const GROUP = 'bench';
const PREFIX = 'gatehouse:cluster:';
const K = { log: `${PREFIX}{${GROUP}}:log`, seq: `${PREFIX}{${GROUP}}:seq`, member: (n: string) => `${PREFIX}{${GROUP}}:member:${n}` };

async function propagation(redis: PrivateRedis, writer: GatewayProcess, ops: number): Promise<string[]> {
  const sentAt = new Map<number, number>();
  const seen: Record<string, Map<number, number>> = { raw: new Map(), r1: new Map(), r2: new Map(), r3: new Map() };
  const sub = new Redis(redis.url);
  const get = new Redis(redis.url);
  const raw = new Redis(redis.url);
  await get.config('SET', 'notify-keyspace-events', 'K$');
  await sub.psubscribe(`__keyspace@0__:${K.member('r')}*`);
  sub.on('pmessage', (_p: string, channel: string) => {
    const name = channel.slice(channel.lastIndexOf(':') + 1);
    void get.get(K.member(name)).then((text) => {
      const t = performance.now();
      const seq = text === null ? 0 : (JSON.parse(text) as { applied_seq: number }).applied_seq;
      const m = seen[name];
      // One heartbeat may cover several operations (a batch of the stream): all applied by then.
      if (m) for (let s = seq; s > 0 && !m.has(s); s--) m.set(s, t);
    }, () => undefined); // the client is closed at the end, with heartbeats still arriving
  });
  let rawRunning = true;
  const rawLoop = (async () => {
    let last = (await get.get(K.seq)) ?? '0';
    while (rawRunning) {
      const r = (await raw.xread('COUNT', 100, 'BLOCK', 500, 'STREAMS', K.log, `${last}-0`)) as [string, [string, string[]][]][] | null;
      const t = performance.now();
      for (const [id] of r?.[0]?.[1] ?? []) {
        last = id.split('-')[0]!;
        seen['raw']!.set(Number(last), t);
      }
    }
  })();
  await writer.api('POST', `/cluster/admin/v1/${GROUP}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: '1' } });
  for (let i = 0; i < ops; i++) {
    const t = performance.now();
    const r = await writer.api('PUT', `/cluster/admin/v1/${GROUP}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: String(i + 2) } });
    if (r.status !== 200) throw new Error(`update ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    sentAt.set(r.body!['operation_seq'] as number, t);
  }
  const last = Math.max(...sentAt.keys());
  const deadline = Date.now() + 20_000;
  while (['r1', 'r2', 'r3'].some((n) => !seen[n]!.has(last)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  rawRunning = false;
  await rawLoop;
  await sub.punsubscribe();
  for (const c of [sub, get, raw]) c.disconnect();
  const lines: string[] = [];
  for (const name of ['raw', 'r1', 'r2', 'r3']) {
    const lat: number[] = [];
    let missing = 0;
    for (const [seq, t0] of sentAt) {
      const t = seen[name]!.get(seq);
      if (t === undefined) missing++;
      else lat.push(t - t0);
    }
    const label = name === 'raw' ? 'baseline: raw XREAD BLOCK follower' : `read node ${name}`;
    lines.push(`| ${label} | ${pct(lat, 50).toFixed(1)} ms | ${pct(lat, 99).toFixed(1)} ms | ${pct(lat, 100).toFixed(1)} ms | ${missing} |`);
  }
  return lines;
}

async function serveDuring(urls: string[], seconds: number, fault: () => Promise<void>, heal: () => Promise<void>): Promise<LoadTally> {
  const loads = urls.map((u) => keepAliveLoad(u, 4));
  await new Promise((r) => setTimeout(r, 500));
  await fault();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const tallies = await Promise.all(loads.map((l) => l.stop()));
  await heal();
  return tallies.reduce((a, t) => ({ ok: a.ok + t.ok, non2xx: { ...a.non2xx, ...t.non2xx }, dropped: a.dropped + t.dropped, refused: a.refused + t.refused, droppedCodes: { ...a.droppedCodes, ...t.droppedCodes } }));
}

/** An admin client as the CLI behaves: read the sequence, send with operation_seq, retry on 409 or while the writer is away. */
async function adminClient(writer: GatewayProcess, id: number, count: number, acked: string[]): Promise<number> {
  let conflicts = 0;
  for (let i = 0; i < count; i++) {
    const name = `c${id}-${i}`;
    for (;;) {
      try {
        const seq = (await writer.api('GET', `/cluster/admin/v1/${GROUP}/sequence`)).body!['sequence'] as number;
        const r = await writer.api('POST', `/cluster/admin/v1/${GROUP}/plugins`, { type: 'ThroughputRateLimiter', config: { plugin_name: name, tps: '1' }, operation_seq: seq + 1 });
        if (r.status === 201) {
          acked.push(name);
          break;
        }
        if (r.status === 409 && r.body!['code'] === 'GW_SEQUENCE_CONFLICT') conflicts++;
        else if (r.status === 409 && r.body!['code'] === 'GW_ALREADY_EXISTS') {
          acked.push(name); // appended before the writer died, its answer lost: it is there
          break;
        }
      } catch {
        await new Promise((r) => setTimeout(r, 100)); // the writer is being restarted
      }
    }
  }
  return conflicts;
}

async function main(): Promise<void> {
  const flags = parseEntryFlags(process.argv.slice(2), {
    name: 'gatehouse-cluster-bench',
    usage: USAGE,
    options: { ops: { type: 'string' }, 'fault-seconds': { type: 'string' }, 'write-doc': { type: 'boolean' } },
  });
  if ('exit' in flags) {
    process.exitCode = flags.exit;
    return;
  }
  const ops = Number(flags.values['ops'] ?? 1000);
  const faultSeconds = Number(flags.values['fault-seconds'] ?? 10);
  const redis = await PrivateRedis.start();
  const backend = await forkChild('backend-server.js', []);
  const env = (mode: string, name: string) => ({ GATEWAY_CLUSTER_REDIS_URL: redis.url, GATEWAY_CLUSTER_GROUP: GROUP, GATEWAY_CLUSTER_MODE: mode, GATEWAY_NODE_NAME: name });
  const writer = await GatewayProcess.start(env('write', 'w'));
  const readers = await Promise.all(['r1', 'r2', 'r3'].map((n) => GatewayProcess.start(env('read', n))));
  const out: string[] = [`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; writer, 3 readers, Redis and this bench on the same cores.`, ''];
  try {
    out.push(`Propagation over ${fmt(ops)} operations (time from sending the update to the writer):`, '', '| follower | p50 | p99 | max | missed |', '|---|---|---|---|---|');
    const t0 = Date.now();
    out.push(...(await propagation(redis, writer, ops)));
    console.log(`${out.join('\n')}\n(${ops} operations in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    // Port 0: every node is a process on this one host, so each binds a port of its own.
    await createProxyRoute(writer, 0, `http://127.0.0.1:${backend.port}`, `/cluster/admin/v1/${GROUP}`);
    await new Promise((r) => setTimeout(r, 1000));
    const urls: string[] = [];
    for (const r of readers) {
      const v = await r.api('GET', '/statistics/v1/pipelines/api/plugins/srv/indicators/LISTEN_PORT/value');
      urls.push(`http://127.0.0.1:${v.body?.['value'] as number}/api/x`);
    }
    const line = (what: string, t: LoadTally): string => {
      const total = t.ok + non2xxCount(t) + t.dropped;
      return `| ${what} | ${fmt(t.ok)} of ${fmt(total)} (${total ? ((100 * t.ok) / total).toFixed(2) : '—'} %) |`;
    };
    out.push('', `Requests the 3 read nodes served during a fault (${faultSeconds} s each, 4 keep-alive connections per reader):`, '', '| fault | 2xx of all requests |', '|---|---|');
    out.push(line('writer killed (SIGKILL)', await serveDuring(urls, faultSeconds, () => writer.stop('SIGKILL').then(() => undefined), () => writer.restart())));
    out.push(line('Redis stopped (SIGKILL)', await serveDuring(urls, faultSeconds, () => redis.stop(true), () => redis.restart())));
    // 3. concurrent admin clients across writer kills.
    const acked: string[] = [];
    const clients = [0, 1, 2, 3].map((id) => adminClient(writer, id, 25, acked));
    for (let k = 0; k < 2; k++) {
      await new Promise((r) => setTimeout(r, 1500));
      await writer.stop('SIGKILL');
      await writer.restart();
    }
    const conflicts = (await Promise.all(clients)).reduce((a, b) => a + b, 0);
    const c = new Redis(redis.url);
    const entries = (await c.xrange(K.log, '-', '+')) as [string, string[]][];
    const seqs = entries.map(([id]) => Number(id.split('-')[0]));
    const contiguous = seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1);
    const names = entries.map(([, f]) => (JSON.parse(f[f.indexOf('op') + 1]!) as { spec?: { config?: { plugin_name?: string } } }).spec?.config?.plugin_name);
    const lost = acked.filter((n) => !names.includes(n)).length;
    const twice = acked.filter((n) => names.filter((m) => m === n).length > 1).length;
    await new Promise((r) => setTimeout(r, 2000));
    const want = JSON.stringify((await writer.api('GET', '/admin/v1/plugins')).body);
    let same = 0;
    for (const r of readers) if (JSON.stringify((await r.api('GET', '/admin/v1/plugins')).body) === want) same++;
    out.push('', 'Four concurrent admin clients, 100 creations, the writer killed (SIGKILL) and restarted twice meanwhile:', '', '| measure | value |', '|---|---|');
    out.push(`| acknowledged operations lost | **${lost}** of ${acked.length} |`, `| appended twice | ${twice} |`, `| log sequence without gaps, in order | ${contiguous ? 'yes' : 'NO'} (${seqs.length} entries in the log) |`);
    out.push(`| 409 conflicts retried by the clients | ${conflicts} |`, `| readers holding the writer's config afterwards | ${same} of 3 |`);
    // 4. a malformed operation.
    const seq = Number(await c.get(K.seq));
    await c.xadd(K.log, `${seq + 1}-0`, 'op', '{"type":"create_plugin","spec":"not a spec"}');
    await c.set(K.seq, seq + 1);
    await new Promise((r) => setTimeout(r, 2000));
    c.disconnect();
    const after = await serveDuring(urls, 2, async () => undefined, async () => undefined);
    const alarms = ((await readers[0]!.api('GET', `/cluster/health/v1/${GROUP}/members`)).body?.['members'] as { alarm: string | null }[]).filter((m) => m.alarm !== null).length;
    const applied = await Promise.all(readers.map(async (r) => (await r.api('GET', '/health/v1/ready')).body?.['sequence'] as number));
    out.push('', 'A malformed operation appended by hand:', '', '| measure | value |', '|---|---|');
    out.push(line('requests served by the readers afterwards', after), `| readers still at the last valid sequence (${seq}) | ${applied.filter((s) => s === seq).length} of 3 |`, `| nodes raising the alarm | ${alarms} of 4 |`);
  } finally {
    for (const n of [writer, ...readers]) await n.destroy();
    backend.stop();
    await redis.destroy();
  }
  out.push('', `Load average at the end: ${loadavg()[0]!.toFixed(1)}.`);
  const report = out.join('\n');
  console.log(`\n${report}`);
  if (flags.values['write-doc'] === true) writeDocSection('cluster-bench', report);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

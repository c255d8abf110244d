// Bench: what an app pays to discover through the agent (GET /v1/discover/{name}, local cache
// hit) against the floor of any loopback HTTP call - a bare node:http server answering the same
// JSON bytes. Alternating rounds, medians and ratio. Run: pnpm --filter @gatehouse/registry bench
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { createAgent } from '../agent/agent';
import { MemoryRegistry } from '../memory/memory-registry';

const USAGE = `Usage: node dist/bench/agent-discover-bench.js   (pnpm --filter @gatehouse/registry bench)

Discovery through the agent (local cache hit) against a bare node:http server answering the same
bytes, on loopback; alternating rounds, medians and ratio.

  BENCH_ROUNDS    rounds (default 7)
  BENCH_REQUESTS  requests per round (default 2000)
  -h, --help      print this and exit
  -V, --version   print the version and exit
`;

/** --help/-h prints USAGE, --version/-V the version; true when the bench must not run. */
function printedInfo(argv: string[]): boolean {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } }, strict: true });
  if (values.help === true) process.stdout.write(USAGE);
  else if (values.version === true) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    process.stdout.write(`gatehouse-agent-bench ${pkg.version ?? '0.0.0'}\n`);
  } else return false;
  return true;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 2000);

async function timeRound(pool: Pool, path: string): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) {
    const res = await pool.request({ path, method: 'GET' });
    await res.body.text();
  }
  return Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND; // µs per request
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const registry = new MemoryRegistry();
  const agent = await createAgent({ registry, alarm: { raise: async () => undefined }, port: 0 });
  const agentPool = new Pool(`http://127.0.0.1:${agent.port}`, { connections: 1 });
  const reg = await agentPool.request({
    path: '/v1/register',
    method: 'POST',
    body: JSON.stringify({ name: 'users', version: '1', address: '10.0.0.7', port: 8080, metadata: { team: 'id' } }),
  });
  await reg.body.text();
  const answer = await (await agentPool.request({ path: '/v1/discover/users', method: 'GET' })).body.text();
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(answer)) });
    res.end(answer);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const barePool = new Pool(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, { connections: 1 });

  await timeRound(agentPool, '/v1/discover/users'); // warm-up
  await timeRound(barePool, '/');
  const agentUs: number[] = [];
  const bareUs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    agentUs.push(await timeRound(agentPool, '/v1/discover/users'));
    bareUs.push(await timeRound(barePool, '/'));
  }
  const a = median(agentUs);
  const b = median(bareUs);
  console.log(`rounds=${ROUNDS} requests/round=${PER_ROUND} (sequential, keep-alive)`);
  console.log(`agent discover (cache hit): median ${a.toFixed(1)} µs/request`);
  console.log(`bare node:http same body:  median ${b.toFixed(1)} µs/request`);
  console.log(`ratio agent/bare: ${(a / b).toFixed(2)}x, agent overhead: ${(a - b).toFixed(1)} µs/request`);

  await agentPool.close();
  await barePool.close();
  bare.close();
  await agent.close();
  await registry.close();
}

if (!printedInfo(process.argv.slice(2))) void main();

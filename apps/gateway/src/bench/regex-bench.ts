import { request } from 'undici';
import { cpus } from 'node:os';
import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import { SafeRegex } from '../engine/safe-regex';
import { builtinPlugins } from '../plugins';
import type { HttpServer } from '../plugins/http-server/http-server';
import { writeDocSection } from './doc-section';
import { fmt, median } from './stats';

/**
 * `pnpm --filter @gatehouse/gateway bench:regex` (after a build): what linear-time matching
 * costs and buys. (1) Per match: re2js (SafeRegex) against V8's backtracking RegExp on a typical
 * route pattern, hit and miss. (2) The attack of issue 8: requests whose path is `/redos/` plus
 * 10,000 `a` and a `!` against a route `path_regex: ^/redos/(a+)+$`, worst and median request
 * time; for scale, V8's RegExp on the same pattern at 20–24 characters.
 */
function perMatchNs(fn: (s: string) => unknown, subject: string, n = 200_000): number {
  for (let i = 0; i < 10_000; i++) fn(subject);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(subject);
  return Number(process.hrtime.bigint() - t0) / n;
}

async function main(): Promise<void> {
  const pattern = '^/api/(?<id>[0-9]+)/items';
  const safe = SafeRegex.compile(pattern, 'bench');
  const v8 = new RegExp(pattern);
  const rows: string[] = ['| subject | re2js (SafeRegex) ns/match | V8 RegExp ns/match | ratio |', '|---|---:|---:|---:|'];
  for (const [what, subject] of [
    ['hit `/api/12345/items/7`', '/api/12345/items/7'],
    ['miss `/other/path/that/is/longer`', '/other/path/that/is/longer'],
  ] as const) {
    const a = perMatchNs((s) => safe.exec(s), subject);
    const b = perMatchNs((s) => v8.exec(s), subject);
    rows.push(`| ${what} | ${fmt(a)} | ${fmt(b)} | ${fmt(a / b, 1)}× |`);
  }

  const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
  await gw.start();
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'srv', port: 0 } });
  await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'srv', path_regex: '^/redos/(a+)+$' } });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'redos', plugin_names: ['srv', 'in'] } });
  const port = (gw.pipeline('redos')!.currentHandles().find((h) => h.pluginType === 'HTTPServer')!.instance as HttpServer).port;
  const url = `http://127.0.0.1:${port}/redos/${'a'.repeat(10_000)}!`;
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const r = await request(url);
    await r.body.text();
    times.push(performance.now() - t0);
  }
  await gw.stop();
  const backtracking: string[] = [];
  /^\/redos\/(a+)+$/.test('/redos/aaaaaaaaaaaa!'); // warm up the RegExp compiler
  for (const n of [20, 22, 24]) {
    const subject = `/redos/${'a'.repeat(n)}!`;
    const t0 = performance.now();
    /^\/redos\/(a+)+$/.test(subject);
    backtracking.push(`${n} chars: ${fmt(performance.now() - t0)} ms`);
  }
  const report = [
    `Command: \`pnpm --filter @gatehouse/gateway bench:regex\` (after a build). Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. Run at ${new Date().toISOString()}.`,
    '',
    ...rows,
    '',
    `- \`^/redos/(a+)+$\` as a route, 200 requests with a 10,000-character path (answer 404): worst **${fmt(Math.max(...times), 1)} ms** (the first, cold request: ${fmt(times[0]!, 1)} ms; worst of the 199 after it: ${fmt(Math.max(...times.slice(1)), 1)} ms), median ${fmt(median(times), 1)} ms.`,
    `- the same pattern in V8's backtracking RegExp, no match: ${backtracking.join(', ')} (doubling per character; 29 took 3.9 s in the attack run).`,
  ].join('\n');
  console.log(report);
  writeDocSection('regex-bench', report);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** `pnpm --filter @gatehouse/invoke run bench`: balancer pick cost, then ddns() against raw undici. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBalancerBench } from './balancer-bench';
import { runDdnsBench } from './ddns-bench';

const USAGE = `Usage: node dist/bench/run-bench.js   (pnpm --filter @gatehouse/invoke bench)

Balancer pick cost per algorithm, then ddns() against raw undici calls to a loopback echo server;
prints medians and ratios.

  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

/** --help/-h prints USAGE, --version/-V the version; true when the bench must not run. */
function printedInfo(argv: string[]): boolean {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } }, strict: true });
  if (values.help === true) process.stdout.write(USAGE);
  else if (values.version === true) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    process.stdout.write(`gatehouse-invoke-bench ${pkg.version ?? '0.0.0'}\n`);
  } else return false;
  return true;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cpus, ${cpus()[0]?.model ?? 'unknown cpu'}`);
  console.log('');
  for (const line of runBalancerBench()) console.log(line);
  console.log('');
  for (const line of await runDdnsBench()) console.log(line);
}

if (!printedInfo(process.argv.slice(2))) void main();

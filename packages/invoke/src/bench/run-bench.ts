/** `pnpm --filter @gatehouse/invoke run bench`: balancer pick cost, then ddns() against raw undici. */
import { cpus } from 'node:os';
import { runBalancerBench } from './balancer-bench';
import { runDdnsBench } from './ddns-bench';

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cpus, ${cpus()[0]?.model ?? 'unknown cpu'}`);
  console.log('');
  for (const line of runBalancerBench()) console.log(line);
  console.log('');
  for (const line of await runDdnsBench()) console.log(line);
}

void main();

/**
 * Pick cost of every balancer for 3 and 100 nodes, in ns per pick. Rounds alternate between the
 * balancers (order reversed every other round) and the median of the rounds is printed.
 */
import { BALANCER_FACTORIES, type Balancer, type Node } from '../index';
import { cpuNs, envNumber, median } from './stats';

const ROUNDS = envNumber('BENCH_ROUNDS', 9);
const PICKS = envNumber('BENCH_PICKS', 200_000);
const KEYS = Array.from({ length: 1024 }, (_, i) => ({ key: `user-${i}` }));

function nodes(n: number): Node[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `svc-10.0.${i >> 8}.${i & 255}-8080`,
    address: `10.0.${i >> 8}.${i & 255}`,
    port: 8080,
    metadata: { weight: String((i % 3) + 1) },
  }));
}

function timePicks(b: Balancer, list: Node[]): number {
  let sink = 0;
  const start = cpuNs();
  for (let i = 0; i < PICKS; i++) sink += b.pick(list, KEYS[i & 1023]).port;
  const ns = (cpuNs() - start) / PICKS;
  if (sink === -1) console.log(sink); // keeps the loop observable
  return ns;
}

/** Runs the balancer bench and returns markdown table lines. */
export function runBalancerBench(): string[] {
  const kinds = Object.keys(BALANCER_FACTORIES);
  const lines = [`balancer pick cost: ${ROUNDS} rounds x ${PICKS} picks, median CPU ns/pick`, '', '| balancer | 3 nodes ns/pick | 100 nodes ns/pick | 100 vs 3 nodes |', '|---|---:|---:|---:|'];
  const sizes = [3, 100];
  const lists = sizes.map(nodes);
  const results = new Map<string, number[]>();
  const balancers = new Map<string, Balancer>();
  for (const k of kinds) for (const s of sizes) balancers.set(`${k}/${s}`, BALANCER_FACTORIES[k]!());
  const order = [...balancers.keys()];
  for (const key of order) timePicks(balancers.get(key)!, lists[sizes.indexOf(Number(key.split('/')[1]))]!); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const key of r % 2 ? [...order].reverse() : order) {
      const list = lists[sizes.indexOf(Number(key.split('/')[1]))]!;
      const arr = results.get(key) ?? [];
      arr.push(timePicks(balancers.get(key)!, list));
      results.set(key, arr);
    }
  }
  for (const k of kinds) {
    const small = median(results.get(`${k}/3`)!);
    const big = median(results.get(`${k}/100`)!);
    lines.push(`| ${k} | ${small.toFixed(1)} | ${big.toFixed(1)} | ${(big / small).toFixed(2)}x |`);
  }
  return lines;
}

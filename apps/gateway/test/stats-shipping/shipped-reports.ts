import { checkReportClaim, decodeReportBody, encodeReportBody, LatencySketch, SeriesLayout, type ReportClaim } from '@gatehouse/stats-wire';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ReportBody } from '../../src/stats-shipping/tick-report-builder';

/** A report of `node` at `tick` whose pipeline `api` ran `tick` times: its count names its tick. */
export function reportOfTick(group: string, node: string, tick: number): ReportBody {
  const success = new LatencySketch();
  for (let i = 0; i < tick; i++) success.record(1e6 + i);
  return { group, node, tick, body: encodeReportBody({ group, node, tick, pipelines: [{ name: 'api', tasks: { success }, plugins: [] }] }) };
}

/** One job in the queue, read as the stats worker would: its claim, and the body its key holds. */
export interface ShippedReport {
  id: string | undefined;
  claim: ReportClaim;
  /** Seconds the body key has left (`TTL`: -2 when it is missing). */
  ttl: number;
  /** The count of pipeline `api` in the decoded body; undefined without a body. */
  count: number | undefined;
}

/** Every waiting job of `queue`, with its body under `prefix`, by tick. */
export async function shippedReports(queue: Queue, redis: Redis, prefix: string): Promise<ShippedReport[]> {
  const jobs = await queue.getJobs(['waiting']);
  const shipped = await Promise.all(
    jobs.map(async (job): Promise<ShippedReport> => {
      const claim = checkReportClaim(job.data as object);
      const key = new SeriesLayout(claim.g, prefix).bodyKey(claim.n, claim.t);
      const [body, ttl] = await Promise.all([redis.getBuffer(key), redis.ttl(key)]);
      const count = body === null ? undefined : decodeReportBody(claim.g, claim.n, claim.t, body).pipelines.find((p) => p.name === 'api')?.tasks.success?.count;
      return { id: job.id, claim, ttl, count };
    }),
  );
  return shipped.sort((a, b) => a.claim.t - b.claim.t);
}

/** Every key under `prefix` (the test's own: a unique prefix per run). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

/** Deletes every key under `prefix`. */
export async function removeKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}

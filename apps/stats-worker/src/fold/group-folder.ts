import { SeriesLayout, TICK_MS, type Retention, type TickReport } from '@gatehouse/stats-wire';
import type { Redis } from 'ioredis';
import { FoldPlan } from './fold-plan';
import { luaScript, runLua } from './lua-script';

/** What became of one job of a batch. */
export type FoldOutcome = 'folded' | 'duplicate';

/** Settings of the fold. */
export interface FoldSettings {
  /** Key prefix. @default "gatehouse:stats" */
  prefix: string;
  retention: Retention;
  /** Folded job ids are remembered this long (ticks), so a redelivered job is not counted twice. @default 1440 (2 h) */
  dedupeTicks: number;
}

const FOLD = luaScript('fold', 1);

/**
 * Folds a batch of one group's reports into Redis in one atomic script run: the script refuses
 * the whole batch when it holds a job folded before (a redelivery after a crash), and the batch
 * is folded again without those jobs, which come back as duplicates. So a job is counted exactly
 * once however often it is delivered, within the dedupe window.
 */
export async function foldGroup(
  redis: Redis,
  group: string,
  jobs: readonly { id: string; report: TickReport }[],
  settings: FoldSettings,
  wallNow: () => number = Date.now,
): Promise<Map<string, FoldOutcome>> {
  const layout = new SeriesLayout(group, settings.prefix);
  const outcomes = new Map<string, FoldOutcome>();
  const seen = new Set<string>();
  let pending = jobs.filter((j) => {
    if (!seen.has(j.id)) return seen.add(j.id);
    outcomes.set(j.id, 'duplicate');
    return false;
  });
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 3) throw new Error('the fold kept meeting new duplicates (another worker folds the same jobs)');
    const plan = new FoldPlan(layout, settings.retention);
    for (const j of pending) plan.add(j.id, j.report);
    const trimBelow = Math.floor(wallNow() / TICK_MS) - settings.dedupeTicks;
    const reply = (await runLua(redis, FOLD, [layout.appliedKey], [layout.base, String(trimBelow), ...plan.args()])) as [number, ...string[]];
    if (reply[0] === 0) {
      for (const j of pending) outcomes.set(j.id, 'folded');
      break;
    }
    const dups = new Set(reply.slice(1) as string[]);
    for (const id of dups) outcomes.set(id, 'duplicate');
    pending = pending.filter((j) => !dups.has(j.id));
  }
  return outcomes;
}

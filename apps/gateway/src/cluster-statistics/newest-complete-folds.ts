import type { GaugeFold } from '@gatehouse/stats-wire';

/**
 * Per indicator, the fold of the newest tick that every node reporting it in `ticks` (oldest
 * first) is in: the tick with as many nodes as the most any tick has. The newest tick is usually
 * still receiving reports — its fold holds only the nodes that shipped so far — so taking it would
 * make a sum dip every 5 s; a node that went away drops out once no tick holds it.
 */
export function newestCompleteFolds(ticks: readonly ReadonlyMap<string, GaugeFold>[]): Map<string, GaugeFold> {
  const most = new Map<string, number>();
  for (const folds of ticks) {
    for (const [name, f] of folds) if (f.nodes > (most.get(name) ?? 0)) most.set(name, f.nodes);
  }
  const out = new Map<string, GaugeFold>();
  for (let i = ticks.length - 1; i >= 0; i--) {
    for (const [name, f] of ticks[i]!) if (!out.has(name) && f.nodes === most.get(name)) out.set(name, f);
  }
  return out;
}

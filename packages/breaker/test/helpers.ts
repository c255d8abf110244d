import { ManualClock } from '@gatehouse/foundation';
import { BreakerRegistry } from '../src';

/** A fresh registry per test on a ManualClock: timeouts, sleep windows and rolling windows move only with `advance`. */
export function setup(): { registry: BreakerRegistry; clock: ManualClock; advance: (ms: number) => Promise<void> } {
  const clock = new ManualClock(1_700_000_000_000);
  const registry = new BreakerRegistry({ clock });
  return { registry, clock, advance: (ms) => clock.advanceAsync(ms) };
}

/** Call in afterEach. */
export function teardown(registry: BreakerRegistry): void {
  registry.shutdown();
}

export const boom = (): Promise<never> => Promise.reject(new Error('dependency down'));
export const ok = (): Promise<string> => Promise.resolve('ok');

/** Runs `n` calls of `fn`, swallowing errors, one after another. */
export async function times(n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) await fn().catch(() => undefined);
}

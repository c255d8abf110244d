import { BreakerRegistry } from '../src';

/** A fresh registry per test, with jest's modern fake timers driving opossum and our rotation. */
export function setup(): { registry: BreakerRegistry; advance: (ms: number) => Promise<void> } {
  jest.useFakeTimers({ now: 1_700_000_000_000 });
  const registry = new BreakerRegistry();
  return { registry, advance: (ms) => jest.advanceTimersByTimeAsync(ms).then(() => undefined) };
}

/** Call in afterEach. */
export function teardown(registry: BreakerRegistry): void {
  registry.shutdown();
  jest.useRealTimers();
}

export const boom = (): Promise<never> => Promise.reject(new Error('dependency down'));
export const ok = (): Promise<string> => Promise.resolve('ok');

/** Runs `n` calls of `fn`, swallowing errors, one after another. */
export async function times(n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) await fn().catch(() => undefined);
}

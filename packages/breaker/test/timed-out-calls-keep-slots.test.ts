// A timed-out call keeps its concurrency slot until its run settles: hung calls can never exceed
// maxConcurrent. Before, the slot was released at the timeout, and with maxConcurrent 10, 2,001
// hung calls were pending at once. A run that honours its AbortSignal frees the slot at the timeout.
import { type BreakerRegistry, type CallContext, CommandTimeoutError, ConcurrencyRejectedError } from '../src';
import { setup, teardown } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
beforeEach(() => ({ registry, advance } = setup()));
afterEach(() => teardown(registry));

test('2,001 calls to a dependency that hangs: never more than 10 running, the rest rejected', async () => {
  let running = 0;
  let most = 0;
  const cmd = registry.command('hung', () => {
    running++;
    most = Math.max(most, running);
    return new Promise<string>(() => undefined); // ignores its signal
  }, undefined, { requestVolumeThreshold: 1_000_000 });
  const outcomes: Promise<unknown>[] = [];
  for (let wave = 0; wave < 3; wave++) {
    for (let i = 0; i < 667; i++) outcomes.push(cmd.execute().catch((e: unknown) => e));
    await advance(1000); // every running call times out
  }
  const errors = await Promise.all(outcomes);
  expect(most).toBe(10);
  expect(cmd.circuit.inFlight).toBe(10); // still held: their runs never settled
  expect(errors.filter((e) => e instanceof CommandTimeoutError)).toHaveLength(10);
  expect(errors.filter((e) => e instanceof ConcurrencyRejectedError)).toHaveLength(2001 - 10);
  expect(cmd.metrics().inFlight).toBe(10);
});

test('a run that honours its signal frees the slot at the timeout', async () => {
  const cmd = registry.command('polite', ({ signal }: CallContext) => new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), undefined, {
    maxConcurrent: 1,
  });
  const first = cmd.execute().catch((e: unknown) => e);
  await expect(cmd.execute()).rejects.toBeInstanceOf(ConcurrencyRejectedError);
  await advance(1000);
  expect(await first).toBeInstanceOf(CommandTimeoutError); // the caller sees the timeout, not the run's abort error
  expect(cmd.circuit.inFlight).toBe(0);
  const second = cmd.execute().catch((e: unknown) => e);
  expect(cmd.circuit.inFlight).toBe(1);
  await advance(1000);
  await second;
});

test('a late-settling timed-out call frees its slot when it settles, and its result is dropped', async () => {
  let finish: (v: string) => void = () => undefined;
  const cmd = registry.command('late', () => new Promise<string>((r) => (finish = r)), undefined, { maxConcurrent: 1 });
  const first = cmd.execute().catch((e: unknown) => e);
  await advance(1000);
  expect(await first).toBeInstanceOf(CommandTimeoutError);
  await expect(cmd.execute()).rejects.toBeInstanceOf(ConcurrencyRejectedError);
  finish('too late');
  await advance(0);
  expect(cmd.circuit.inFlight).toBe(0);
  expect(cmd.metrics()).toMatchObject({ successes: 0, timeouts: 1 });
});

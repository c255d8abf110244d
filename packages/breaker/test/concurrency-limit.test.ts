import { type BreakerRegistry, ConcurrencyRejectedError } from '../src';
import { setup, teardown } from './helpers';

let registry: BreakerRegistry;
beforeEach(() => ({ registry } = setup()));
afterEach(() => teardown(registry));

test('the 11th concurrent call is rejected, and a slot frees when a call ends', async () => {
  const releases: (() => void)[] = [];
  const run = jest.fn(() => new Promise<string>((r) => releases.push(() => r('done'))));
  const cmd = registry.command('conc', run, undefined, { timeoutMs: 0 });
  const inFlight = Array.from({ length: 10 }, () => cmd.execute());
  const err = (await cmd.execute().catch((e: unknown) => e)) as ConcurrencyRejectedError;
  expect(err).toBeInstanceOf(ConcurrencyRejectedError);
  expect(err.code).toBe('BRK_CONCURRENCY_REJECTED');
  expect(err.maxConcurrent).toBe(10);
  expect(run).toHaveBeenCalledTimes(10);
  releases[0]!();
  await inFlight[0];
  const next = cmd.execute();
  expect(run).toHaveBeenCalledTimes(11);
  releases.slice(1).forEach((r) => r());
  await Promise.all([...inFlight, next]);
  expect(cmd.metrics().concurrencyRejected).toBe(1);
});

test('maxConcurrent is configurable and the fallback handles rejections', async () => {
  const cmd = registry.command('conc1', () => new Promise<string>(() => undefined), () => 'busy', {
    maxConcurrent: 1,
    timeoutMs: 0,
  });
  void cmd.execute();
  await expect(cmd.execute()).resolves.toBe('busy');
});

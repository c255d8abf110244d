import { type BreakerRegistry, CommandTimeoutError, isBreakerError } from '../src';
import type { ManualClock } from '@gatehouse/foundation';
import { setup, teardown } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
let clock: ManualClock;
beforeEach(() => ({ registry, advance, clock } = setup()));
afterEach(() => teardown(registry));

const hang = (): Promise<string> => new Promise<string>(() => undefined);

test('a call running past 1000 ms fails with CommandTimeoutError and counts as a failure', async () => {
  const cmd = registry.command('slow', hang);
  const p = cmd.execute().catch((e: unknown) => e);
  await advance(999);
  await advance(1);
  const err = (await p) as CommandTimeoutError;
  expect(err).toBeInstanceOf(CommandTimeoutError);
  expect(err.code).toBe('BRK_TIMEOUT');
  expect(err.timeoutMs).toBe(1000);
  const m = cmd.metrics();
  expect(m.timeouts).toBe(1);
  expect(m.failures).toBe(1);
});

test('a call finishing before the timeout is not affected', async () => {
  const cmd = registry.command('fast', () => clock.sleep(999).then(() => 'in time'));
  const p = cmd.execute();
  await advance(999);
  await expect(p).resolves.toBe('in time');
});

test('the call’s own errors are not breaker errors', async () => {
  const own = new TypeError('bad payload');
  const cmd = registry.command('own', () => Promise.reject(own));
  const err = await cmd.execute().catch((e: unknown) => e);
  expect(err).toBe(own);
  expect(isBreakerError(err)).toBe(false);
});

test('timeoutMs 0 disables the timeout', async () => {
  const cmd = registry.command('notimeout', () => clock.sleep(60_000).then(() => 'late'), undefined, {
    timeoutMs: 0,
  });
  const p = cmd.execute();
  await advance(60_000);
  await expect(p).resolves.toBe('late');
});

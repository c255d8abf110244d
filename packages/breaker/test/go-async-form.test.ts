import { type BreakerRegistry, type CallContext, CircuitOpenError } from '../src';
import { setup, teardown } from './helpers';

let registry: BreakerRegistry;
beforeEach(() => ({ registry } = setup()));
afterEach(() => teardown(registry));

test('go() never rejects: it resolves with the value or the error', async () => {
  const cmd = registry.command('go', (_call: CallContext, n: number) => (n > 0 ? Promise.resolve(n * 2) : Promise.reject(new Error('neg'))));
  await expect(cmd.go(2)).resolves.toEqual({ ok: true, value: 4 });
  const bad = await cmd.go(-1);
  expect(bad.ok).toBe(false);
  expect(!bad.ok && (bad.error as Error).message).toBe('neg');
  cmd.circuit.trip();
  const open = await cmd.go(1);
  expect(!open.ok && open.error).toBeInstanceOf(CircuitOpenError);
});

test('execute() accepts synchronous run functions and sync throws', async () => {
  const cmd = registry.command('sync', (_call: CallContext, n: number) => {
    if (n < 0) throw new RangeError('negative');
    return n + 1;
  });
  await expect(cmd.execute(1)).resolves.toBe(2);
  await expect(cmd.execute(-1)).rejects.toBeInstanceOf(RangeError);
});

test('a void run (returning undefined or null) succeeds and does not count as a failure', async () => {
  const effects: number[] = [];
  const cmd = registry.command('void', (_call: CallContext, n: number): void => {
    effects.push(n);
  });
  await expect(cmd.execute(1)).resolves.toBeUndefined();
  const nul = registry.command('null', () => null);
  await expect(nul.execute()).resolves.toBeNull();
  expect(effects).toEqual([1]);
  expect(cmd.metrics()).toMatchObject({ successes: 1, failures: 0 });
});

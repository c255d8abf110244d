// Only the HALF_OPEN probe decides the outcome. Calls that started before the trip and end while
// the circuit is HALF_OPEN (or after it closed again) change nothing: before this engine, a slow
// call succeeding during HALF_OPEN closed the circuit, and one failing re-opened it.
import type { ManualClock } from '@gatehouse/foundation';
import { type BreakerRegistry, CircuitOpenError } from '../src';
import { setup, teardown } from './helpers';

let registry: BreakerRegistry;
let clock: ManualClock;
let advance: (ms: number) => Promise<void>;
beforeEach(() => ({ registry, clock, advance } = setup()));
afterEach(() => teardown(registry));

/** A run whose calls the test settles by hand. */
function controllable(): { run: () => Promise<string>; pending: Array<{ resolve: (v: string) => void; reject: (e: Error) => void }> } {
  const pending: Array<{ resolve: (v: string) => void; reject: (e: Error) => void }> = [];
  return { pending, run: () => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })) };
}

test('a call from before the trip that succeeds during HALF_OPEN does not close the circuit', async () => {
  const c = controllable();
  const cmd = registry.command('stale-success', c.run, undefined, { timeoutMs: 0, maxConcurrent: 50 });
  const slow = cmd.execute(); // started while CLOSED
  for (const p of [...Array(20)].map(() => cmd.execute().catch(() => undefined))) void p;
  c.pending.slice(1).forEach((p) => p.reject(new Error('down')));
  await advance(0);
  expect(cmd.circuit.state).toBe('OPEN');
  await advance(5000);
  expect(cmd.circuit.state).toBe('HALF_OPEN');
  c.pending[0]!.resolve('late but fine');
  await expect(slow).resolves.toBe('late but fine');
  expect(cmd.circuit.state).toBe('HALF_OPEN'); // the stale success decided nothing
  const probe = cmd.execute(); // the probe
  await expect(cmd.execute()).rejects.toBeInstanceOf(CircuitOpenError);
  c.pending.at(-1)!.reject(new Error('still down'));
  await expect(probe).rejects.toThrow('still down');
  expect(cmd.circuit.state).toBe('OPEN'); // the probe decided
});

test('a call from before the trip that fails during HALF_OPEN does not re-open it; the probe closes it', async () => {
  const c = controllable();
  const cmd = registry.command('stale-failure', c.run, undefined, { timeoutMs: 0 });
  const slow = cmd.execute().catch((e: unknown) => e);
  cmd.circuit.trip();
  await advance(5000);
  expect(cmd.circuit.state).toBe('HALF_OPEN');
  const probe = cmd.execute();
  c.pending[0]!.reject(new Error('old failure'));
  await slow;
  expect(cmd.circuit.state).toBe('HALF_OPEN');
  c.pending[1]!.resolve('recovered');
  await expect(probe).resolves.toBe('recovered');
  expect(cmd.circuit.state).toBe('CLOSED');
});

test('stale failures landing after the circuit closed again are not counted by the new window', async () => {
  const c = controllable();
  const cmd = registry.command('stale-after-close', c.run, undefined, { timeoutMs: 0, requestVolumeThreshold: 1 });
  const old = [...Array(9)].map(() => cmd.execute().catch(() => undefined));
  cmd.circuit.trip();
  await advance(5000);
  const probe = cmd.execute();
  c.pending[9]!.resolve('ok');
  await probe;
  expect(cmd.circuit.state).toBe('CLOSED');
  c.pending.slice(0, 9).forEach((p) => p.reject(new Error('from before the trip')));
  await Promise.all(old);
  expect(cmd.circuit.state).toBe('CLOSED'); // requestVolumeThreshold 1 would have tripped on any counted failure
  expect(cmd.metrics().failures).toBe(0);
});

test('a probe that times out re-opens the circuit; slow pre-trip calls timing out meanwhile do not', async () => {
  const cmd = registry.command('probe-timeout', () => new Promise<string>(() => undefined), undefined, { timeoutMs: 1000, maxConcurrent: 50 });
  const before = cmd.execute().catch((e: unknown) => e);
  cmd.circuit.trip();
  await advance(4500);
  const probeAt = clock.now();
  await advance(500); // HALF_OPEN at 5000; the pre-trip call timed out at 1000 already
  const probe = cmd.execute().catch((e: unknown) => e);
  await advance(999);
  expect(cmd.circuit.state).toBe('HALF_OPEN');
  await advance(1);
  expect((await probe) as Error).toMatchObject({ code: 'BRK_TIMEOUT' });
  expect(cmd.circuit.state).toBe('OPEN');
  expect(clock.now() - probeAt).toBe(1500);
  await before;
});

import { type BreakerRegistry, CircuitOpenError } from '../src';
import { boom, setup, teardown, times } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
beforeEach(() => ({ registry, advance } = setup()));
afterEach(() => teardown(registry));

test('goes HALF_OPEN exactly after the 5000 ms sleep window', async () => {
  const cmd = registry.command('sleep', boom);
  await times(20, () => cmd.execute());
  expect(cmd.circuit.state).toBe('OPEN');
  await advance(4999);
  expect(cmd.circuit.state).toBe('OPEN');
  await expect(cmd.execute()).rejects.toBeInstanceOf(CircuitOpenError);
  await advance(1);
  expect(cmd.circuit.state).toBe('HALF_OPEN');
});

test('HALF_OPEN lets one trial call through and rejects the others meanwhile', async () => {
  let release: (v: string) => void = () => undefined;
  let fail = true;
  const run = jest.fn(() => (fail ? boom() : new Promise<string>((r) => (release = r))));
  const cmd = registry.command('trial', run);
  await times(20, () => cmd.execute());
  await advance(5000);
  fail = false;
  run.mockClear();
  const trial = cmd.execute();
  await expect(cmd.execute()).rejects.toBeInstanceOf(CircuitOpenError);
  expect(run).toHaveBeenCalledTimes(1);
  release('recovered');
  await expect(trial).resolves.toBe('recovered');
});

test('a failed trial re-opens the circuit for another sleep window', async () => {
  const cmd = registry.command('retrip', boom);
  await times(20, () => cmd.execute());
  await advance(5000);
  await expect(cmd.execute()).rejects.toThrow('dependency down');
  expect(cmd.circuit.state).toBe('OPEN');
  await advance(4999);
  expect(cmd.circuit.state).toBe('OPEN');
  await advance(1);
  expect(cmd.circuit.state).toBe('HALF_OPEN');
});

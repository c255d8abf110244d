import { type BreakerRegistry, type CircuitState } from '../src';
import { boom, ok, setup, teardown, times } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
beforeEach(() => ({ registry, advance } = setup()));
afterEach(() => teardown(registry));

test('a successful trial closes the circuit and empties the window', async () => {
  let fail = true;
  const cmd = registry.command('heal', () => (fail ? boom() : ok()));
  const changes: [CircuitState, CircuitState][] = [];
  cmd.circuit.on('stateChange', (to, from) => changes.push([to, from]));
  await times(20, () => cmd.execute());
  await advance(5000);
  fail = false;
  await expect(cmd.execute()).resolves.toBe('ok');
  expect(cmd.circuit.state).toBe('CLOSED');
  expect(changes).toEqual([
    ['OPEN', 'CLOSED'],
    ['HALF_OPEN', 'OPEN'],
    ['CLOSED', 'HALF_OPEN'],
  ]);
  const m = cmd.metrics();
  expect(m.failures).toBe(0);
  expect(m.calls).toBe(0);
});

test('after closing, one failure does not re-trip on the old failures (hystrix resets metrics)', async () => {
  let fail = true;
  const cmd = registry.command('fresh', () => (fail ? boom() : ok()));
  await times(20, () => cmd.execute());
  await advance(5000);
  fail = false;
  await cmd.execute();
  fail = true;
  await times(1, () => cmd.execute());
  expect(cmd.circuit.state).toBe('CLOSED');
});

test('reset() forces CLOSED and trip() forces OPEN', async () => {
  const cmd = registry.command('manual', ok);
  cmd.circuit.trip();
  expect(cmd.circuit.state).toBe('OPEN');
  cmd.circuit.reset();
  expect(cmd.circuit.state).toBe('CLOSED');
  await expect(cmd.execute()).resolves.toBe('ok');
});

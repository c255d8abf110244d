import { type BreakerRegistry, CircuitOpenError } from '../src';
import { boom, ok, setup, teardown, times } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
beforeEach(() => ({ registry, advance } = setup()));
afterEach(() => teardown(registry));

test('stays CLOSED below the request volume threshold even at 100 % errors', async () => {
  const cmd = registry.command('vol', boom);
  await times(19, () => cmd.execute());
  expect(cmd.circuit.state).toBe('CLOSED');
  await times(1, () => cmd.execute());
  expect(cmd.circuit.state).toBe('OPEN');
});

test('once OPEN, calls are rejected with CircuitOpenError without running', async () => {
  const run = jest.fn(boom);
  const cmd = registry.command('short', run);
  await times(20, () => cmd.execute());
  run.mockClear();
  const err = await cmd.execute().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CircuitOpenError);
  expect((err as CircuitOpenError).code).toBe('BRK_CIRCUIT_OPEN');
  expect(run).not.toHaveBeenCalled();
  expect(cmd.metrics().shortCircuited).toBe(1);
});

test('opens only when the error rate is above the threshold', async () => {
  let fail = false;
  const cmd = registry.command('rate', () => (fail ? boom() : ok()));
  await times(10, () => cmd.execute());
  fail = true;
  await times(10, () => cmd.execute()); // 10 of 20 = 50 %: not above 50
  expect(cmd.circuit.state).toBe('CLOSED');
  await times(1, () => cmd.execute()); // 11 of 21 = 52 %
  expect(cmd.circuit.state).toBe('OPEN');
});

test('failures older than the rolling window no longer count', async () => {
  const cmd = registry.command('window', boom);
  await times(19, () => cmd.execute());
  await advance(10_000);
  await times(1, () => cmd.execute());
  expect(cmd.circuit.state).toBe('CLOSED');
  expect(cmd.metrics().failures).toBe(1);
});

import { type BreakerRegistry, type CallContext, CircuitOpenError, FallbackFailedError, isBreakerError } from '../src';
import { boom, setup, teardown, times } from './helpers';

let registry: BreakerRegistry;
beforeEach(() => ({ registry } = setup()));
afterEach(() => teardown(registry));

test('the fallback gets the call’s own error and args and supplies the result', async () => {
  const fallback = jest.fn((err: unknown, id: number) => `cached-${id}-${(err as Error).message}`);
  const cmd = registry.command('fb', (_call: CallContext, _id: number) => boom(), fallback);
  await expect(cmd.execute(7)).resolves.toBe('cached-7-dependency down');
  expect(fallback).toHaveBeenCalledTimes(1);
  expect(isBreakerError(fallback.mock.calls[0]![0])).toBe(false);
  expect(cmd.metrics().fallbacks).toBe(1);
});

test('with the circuit open the fallback gets a CircuitOpenError', async () => {
  const seen: unknown[] = [];
  const cmd = registry.command('fb-open', boom, (err) => {
    seen.push(err);
    return 'degraded';
  });
  await times(20, () => cmd.execute());
  expect(cmd.circuit.state).toBe('OPEN');
  seen.length = 0;
  await expect(cmd.execute()).resolves.toBe('degraded');
  expect(seen[0]).toBeInstanceOf(CircuitOpenError);
});

test('a throwing fallback rejects with FallbackFailedError carrying both errors', async () => {
  const fbErr = new Error('cache down too');
  const cmd = registry.command('fb-fail', boom, () => {
    throw fbErr;
  });
  const err = (await cmd.execute().catch((e: unknown) => e)) as FallbackFailedError;
  expect(err).toBeInstanceOf(FallbackFailedError);
  expect(err.code).toBe('BRK_FALLBACK_FAILED');
  expect(err.cause).toBe(fbErr);
  expect((err.original as Error).message).toBe('dependency down');
});

test('commands of one name share the circuit but keep their own fallback', async () => {
  const a = registry.command('shared', boom, () => 'a');
  const b = registry.command('shared', boom, () => 'b');
  const c = registry.command('shared', boom);
  expect(a.circuit).toBe(b.circuit);
  await expect(a.execute()).resolves.toBe('a');
  await expect(b.execute()).resolves.toBe('b');
  await expect(c.execute()).rejects.toThrow('dependency down');
  expect(a.metrics().failures).toBe(3);
});

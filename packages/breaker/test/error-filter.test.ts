import { type BreakerRegistry } from '../src';
import { setup, teardown, times } from './helpers';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}

let registry: BreakerRegistry;
beforeEach(() => ({ registry } = setup()));
afterEach(() => teardown(registry));

const errorFilter = (err: unknown): boolean => err instanceof HttpError && err.status < 500;

test('filtered failures (4xx) do not count and never trip the circuit', async () => {
  const fallback = jest.fn(() => 'fb');
  const cmd = registry.command('filter', () => Promise.reject(new HttpError(404)), fallback, { errorFilter });
  await times(30, () => cmd.execute());
  expect(cmd.circuit.state).toBe('CLOSED');
  expect(cmd.metrics().failures).toBe(0);
  expect(fallback).not.toHaveBeenCalled();
  await expect(cmd.execute()).rejects.toEqual(new HttpError(404));
});

test('unfiltered failures (5xx) still count', async () => {
  const cmd = registry.command('filter5', () => Promise.reject(new HttpError(503)), undefined, { errorFilter });
  await times(20, () => cmd.execute());
  expect(cmd.circuit.state).toBe('OPEN');
});

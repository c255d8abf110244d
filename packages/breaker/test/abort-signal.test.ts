// Run functions get an AbortSignal: aborted with the CommandTimeoutError at the timeout, and with
// CommandShutdownError when the registry shuts down.
import { type BreakerRegistry, type CallContext, CommandShutdownError, CommandTimeoutError } from '../src';
import { setup, teardown } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
beforeEach(() => ({ registry, advance } = setup()));
afterEach(() => teardown(registry));

test('the run gets a live signal, with the call’s args after it', async () => {
  const seen: Array<[boolean, string]> = [];
  const cmd = registry.command('args', ({ signal }: CallContext, id: string) => {
    seen.push([signal.aborted, id]);
    return id.toUpperCase();
  });
  await expect(cmd.execute('a')).resolves.toBe('A');
  expect(seen).toEqual([[false, 'a']]);
});

test('the signal is aborted at the timeout, with the timeout error as its reason', async () => {
  let signal: AbortSignal | undefined;
  const cmd = registry.command('abort-on-timeout', ({ signal: s }: CallContext) => {
    signal = s;
    return new Promise<string>(() => undefined);
  });
  const p = cmd.execute().catch((e: unknown) => e);
  await advance(999);
  expect(signal!.aborted).toBe(false);
  await advance(1);
  expect(signal!.aborted).toBe(true);
  expect(signal!.reason).toBeInstanceOf(CommandTimeoutError);
  expect(await p).toBeInstanceOf(CommandTimeoutError);
});

test('shutdown aborts running calls', async () => {
  let signal: AbortSignal | undefined;
  const cmd = registry.command('abort-on-shutdown', ({ signal: s }: CallContext) => {
    signal = s;
    return new Promise<string>((_, reject) => s.addEventListener('abort', () => reject(s.reason as Error)));
  }, undefined, { timeoutMs: 0 });
  const p = cmd.execute().catch((e: unknown) => e);
  registry.shutdown();
  expect(signal!.reason).toBeInstanceOf(CommandShutdownError);
  expect(await p).toBeInstanceOf(CommandShutdownError);
});

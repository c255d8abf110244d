import {
  BreakerRegistry,
  command,
  CommandShutdownError,
  defaultRegistry,
  HYSTRIX_DEFAULTS,
  InvalidSettingsError,
  SettingsConflictError,
} from '../src';

afterAll(() => defaultRegistry.shutdown());

test('hystrix defaults', () => {
  expect(HYSTRIX_DEFAULTS).toMatchObject({
    timeoutMs: 1000,
    maxConcurrent: 10,
    requestVolumeThreshold: 20,
    rollingWindowMs: 10_000,
    sleepWindowMs: 5000,
    errorPercentThreshold: 50,
  });
  const r = new BreakerRegistry();
  expect(r.circuit('d').settings).toBe(HYSTRIX_DEFAULTS);
  r.shutdown();
});

test('command() uses one circuit per name in the default registry', () => {
  const a = command('default-reg', () => 1);
  const b = command('default-reg', () => 2);
  expect(a.circuit).toBe(b.circuit);
  expect(defaultRegistry.names()).toContain('default-reg');
});

test('different settings for an existing name are a conflict; none reuses it', () => {
  const r = new BreakerRegistry();
  r.circuit('x', { timeoutMs: 200 });
  expect(() => r.circuit('x', { timeoutMs: 300 })).toThrow(SettingsConflictError);
  expect(r.circuit('x').settings.timeoutMs).toBe(200);
  expect(() => r.circuit('x', { timeoutMs: 200 })).not.toThrow();
  r.shutdown();
});

test.each([
  [{ timeoutMs: -1 }, 'timeoutMs'],
  [{ maxConcurrent: 0 }, 'maxConcurrent'],
  [{ errorPercentThreshold: 101 }, 'errorPercentThreshold'],
  [{ rollingWindowMs: 10_001 }, 'rollingWindowMs'],
  [{ sleepWindowMs: 1.5 }, 'sleepWindowMs'],
  [{ errorFilter: 'no' }, 'errorFilter'],
  [{ bogus: 1 }, 'bogus'],
])('invalid settings %j are rejected naming %s, and nothing is created', (settings, field) => {
  const r = new BreakerRegistry();
  const err = (() => {
    try {
      r.circuit('bad', settings as never);
    } catch (e) {
      return e;
    }
    return undefined;
  })() as InvalidSettingsError;
  expect(err).toBeInstanceOf(InvalidSettingsError);
  expect(err.code).toBe('BRK_INVALID_SETTINGS');
  expect(err.field).toBe(field);
  expect(r.get('bad')).toBeUndefined();
  r.shutdown();
});

test('bad names and run functions are typed errors', () => {
  const r = new BreakerRegistry();
  expect(() => r.command('', () => 1)).toThrow(InvalidSettingsError);
  expect(() => r.command('n', 'nope' as never)).toThrow(InvalidSettingsError);
  r.shutdown();
});

test('after shutdown, calls and new commands fail with CommandShutdownError', async () => {
  const r = new BreakerRegistry();
  const cmd = r.command('gone', () => 1);
  r.shutdown();
  await expect(cmd.execute()).rejects.toBeInstanceOf(CommandShutdownError);
  expect(() => r.command('new', () => 1)).toThrow(CommandShutdownError);
});

test('remove() forgets a circuit so the name starts afresh', () => {
  const r = new BreakerRegistry();
  const first = r.circuit('again');
  expect(r.remove('again')).toBe(true);
  expect(r.circuit('again')).not.toBe(first);
  expect(r.remove('missing')).toBe(false);
  r.shutdown();
});

import { type BreakerRegistry, TALK_STATE_NAMES } from '../src';
import type { ManualClock } from '@gatehouse/foundation';
import { setup, teardown, times } from './helpers';

let registry: BreakerRegistry;
let advance: (ms: number) => Promise<void>;
let clock: ManualClock;
beforeEach(() => ({ registry, advance, clock } = setup()));
afterEach(() => teardown(registry));

const after = (ms: number, fail = false): Promise<string> =>
  clock.sleep(ms).then(() => {
    if (fail) throw new Error('x');
    return 'v';
  });

test('snapshot has counts, error % and latency percentiles', async () => {
  let i = 0;
  const cmd = registry.command('lat', () => after(++i * 10, i % 4 === 0));
  for (let k = 0; k < 8; k++) {
    const p = cmd.execute().catch(() => undefined);
    await advance((k + 1) * 10);
    await p;
  }
  const m = cmd.metrics();
  expect(m).toMatchObject({ name: 'lat', state: 'CLOSED', stateZh: '打开', calls: 8, successes: 6, failures: 2 });
  expect(m.errorPercent).toBe(25);
  expect(m.latencyMs.max).toBe(80);
  expect(m.latencyMs.p50).toBe(40);
  expect(m.latencyMs.mean).toBe(45);
  expect(registry.metrics().map((s) => s.name)).toEqual(['lat']);
});

test('events: success, failure, timeout, shortCircuit, fallback', async () => {
  const seen: string[] = [];
  let mode: 'ok' | 'fail' | 'hang' = 'ok';
  const cmd = registry.command(
    'ev',
    () => (mode === 'ok' ? Promise.resolve(1) : mode === 'fail' ? Promise.reject(new Error('f')) : new Promise<number>(() => undefined)),
    () => 0,
  );
  const c = cmd.circuit;
  c.on('success', () => seen.push('success'))
    .on('failure', () => seen.push('failure'))
    .on('timeout', (e) => seen.push(`timeout:${e.code}`))
    .on('shortCircuit', (e) => seen.push(`short:${e.code}`))
    .on('fallback', () => seen.push('fallback'));
  await cmd.execute();
  mode = 'fail';
  await cmd.execute();
  mode = 'hang';
  const p = cmd.execute();
  await advance(1000);
  await p;
  c.trip();
  await cmd.execute();
  expect(seen).toEqual([
    'success',
    'failure',
    'fallback',
    'timeout:BRK_TIMEOUT',
    'failure',
    'fallback',
    'short:BRK_CIRCUIT_OPEN',
    'fallback',
  ]);
});

test('the talk’s inverted state names', async () => {
  expect(TALK_STATE_NAMES).toEqual({ CLOSED: '打开', OPEN: '关闭', HALF_OPEN: '半开' });
  const cmd = registry.command('zh', () => Promise.reject(new Error('x')));
  await times(20, () => cmd.execute());
  expect(cmd.metrics().stateZh).toBe('关闭');
});

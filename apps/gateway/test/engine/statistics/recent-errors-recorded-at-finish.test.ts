import { ManualClock } from '../../../src/engine/clock';
import type { Gateway } from '../../../src/engine/gateway';
import { createPipeline, startTestGateway, submit } from '../../support/harness';

/**
 * LinearPipeline records each failed task in its pipeline's ErrorRing when the task finishes:
 * the time on the engine's clock, the plugin that set the error, the result and error codes and
 * the message. Successful tasks (and recovered ones) leave the ring alone.
 */
describe('recent errors recorded at finish', () => {
  let clock: ManualClock;
  let gw: Gateway;

  beforeEach(async () => {
    clock = new ManualClock();
    gw = await startTestGateway({ clock });
  });
  afterEach(() => gw.stop());

  const step = (name: string, action: string, extra: Record<string, unknown> = {}) => ({
    type: 'TestStep',
    config: { plugin_name: name, action, ...extra },
  });

  it('records a failed task with its plugin, codes, message and finish time', async () => {
    const p = await createPipeline(gw, 'p', [step('first', 'mark'), { type: 'TestFail', config: { plugin_name: 'deny', result_code: 429 } }, step('never', 'mark')]);
    clock.advance(1234);
    await submit(p).done;
    const entries = gw.statistics.get('p')!.errors.entries();
    expect(entries).toEqual([
      { at: 1234, plugin: 'deny', resultCode: 429, errorCode: 'GW_TEST_FAILURE', message: 'failed on purpose by deny' },
    ]);
  });

  it('names the plugin that threw, with 500 GW_INTERNAL', async () => {
    const p = await createPipeline(gw, 'p', [{ type: 'TestFail', config: { plugin_name: 'broken', throw: true } }]);
    await submit(p).done;
    const [e] = gw.statistics.get('p')!.errors.entries();
    expect([e!.plugin, e!.resultCode, e!.errorCode]).toEqual(['broken', 500, 'GW_INTERNAL']);
  });

  it('leaves the ring alone for successful and recovered tasks', async () => {
    const ok = await createPipeline(gw, 'ok', [step('a', 'mark'), step('b', 'mark')]);
    const healed = await createPipeline(gw, 'healed', [step('fix', 'recover'), { type: 'TestFail', config: { plugin_name: 'flaky' } }, step('after', 'mark')]);
    await Promise.all(Array.from({ length: 50 }, () => submit(ok).done));
    const t = await submit(healed).done;
    expect(t.error).toBeUndefined();
    expect(gw.statistics.get('ok')!.errors.recorded).toBe(0);
    expect(gw.statistics.get('healed')!.errors.recorded).toBe(0);
  });

  it('names the plugin of the last error when an earlier one was recovered', async () => {
    const p = await createPipeline(gw, 'p', [
      step('fix', 'recover'),
      { type: 'TestFail', config: { plugin_name: 'flaky' } },
      { type: 'ThroughputRateLimiter', config: { plugin_name: 'shut', tps: '0' } },
    ]);
    const t = await submit(p).done;
    expect(t.value('RECOVERED_FROM')).toBe('flaky');
    const [e] = gw.statistics.get('p')!.errors.entries();
    expect([e!.plugin, e!.resultCode, e!.errorCode]).toEqual(['shut', 429, 'GW_FLOW_CONTROL']);
  });

  it('keeps the 20 newest failures and goes away with the pipeline', async () => {
    const p = await createPipeline(gw, 'p', [{ type: 'TestFail', config: { plugin_name: 'deny' } }]);
    for (let i = 0; i < 30; i++) {
      clock.advance(1);
      await submit(p).done;
    }
    const ring = gw.statistics.get('p')!.errors;
    expect(ring.recorded).toBe(30);
    expect(ring.entries().map((e) => e.at)).toEqual(Array.from({ length: 20 }, (_, i) => 30 - i));
    await gw.deletePipeline('p');
    expect(gw.statistics.get('p')).toBeUndefined();
  });
});

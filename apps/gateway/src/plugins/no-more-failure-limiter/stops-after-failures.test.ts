import { trafficControlUnderTest } from '../../../test/support/traffic-control';
import { NoMoreFailureLimiter } from './no-more-failure-limiter';

function limiter(failure_count_threshold = 2) {
  return trafficControlUnderTest(
    'nmf',
    (env) => new NoMoreFailureLimiter({ plugin_name: 'nmf', failure_count_threshold, failure_task_data_key: 'STATUS', failure_task_data_value: '410' }, env),
  );
}

describe('NoMoreFailureLimiter', () => {
  it('counts finished tasks whose value matches (as text) and refuses every request from the threshold on', async () => {
    const h = limiter(2);
    const a = h.run();
    const b = h.run();
    const c = h.run();
    expect(await Promise.all([a.passed, b.passed, c.passed])).toEqual([true, true, true]);
    a.task.setValue('STATUS', 200);
    a.finish();
    b.task.setValue('STATUS', 410);
    b.finish();
    expect(h.indicator('FAILURE_COUNT')).toBe(1);
    expect(await h.run().passed).toBe(true);
    c.task.setValue('STATUS', '410');
    c.finish();
    expect(h.indicator('FAILURE_COUNT')).toBe(2);
    expect(h.ctx.dataBucket('nmf', '0').queryData('failure-counter')).toEqual({ count: 2 });
    const refused = h.run();
    expect(await refused.passed).toBe(false);
    expect([refused.task.resultCode, refused.task.errorCode, refused.task.error]).toEqual([
      429,
      'GW_FLOW_CONTROL',
      'no more requests: 2 failures reached the threshold of 2',
    ]);
    expect(await h.run().passed).toBe(false);
  });

  it('does not count a value of the wrong type, nor a task that never got the key', async () => {
    const h = limiter(1);
    const odd = h.run();
    await odd.passed;
    odd.task.setValue('STATUS', { code: 410 });
    odd.finish();
    const none = h.run();
    await none.passed;
    none.finish();
    expect(h.indicator('FAILURE_COUNT')).toBe(0);
    expect(await h.run().passed).toBe(true);
  });

  it('refuses once the threshold is reached, and removes its indicator when its pipeline lets go of it', async () => {
    const h = limiter(1);
    const t = h.run();
    await t.passed;
    t.task.setValue('STATUS', '410');
    t.finish();
    expect(await h.run().passed).toBe(false);
    h.unprepare();
    expect(h.stats.customIndicators('nmf')).toEqual([]);
  });
});

import { ManualClock } from '../../src/engine/clock';
import type { Gateway } from '../../src/engine/gateway';
import { createPipeline, startTestGateway, submit, tick } from '../support/harness';
import { probe } from '../support/test-plugins';

describe('parallelism 0 is dynamic between bounds', () => {
  let gw: Gateway;
  const clock = new ManualClock();
  afterEach(() => gw.stop());

  it('starts at init, grows under pressure up to max, and shrinks on the timer when idle', async () => {
    gw = await startTestGateway({ clock, parallelism: { min: 2, init: 2, max: 8, shrinkIntervalMs: 1000 } });
    const ctl = probe('dyn');
    ctl.hold = true;
    const p = await createPipeline(gw, 'dyn', [{ type: 'TestProbe', config: { plugin_name: 'dyn' } }], { parallelism: 0 });
    expect(p.ctx.parallelism()).toBe(2);

    const subs = Array.from({ length: 20 }, () => submit(p));
    await tick();
    expect(p.ctx.parallelism()).toBe(8);
    expect(ctl.active).toBe(8);
    expect(p.ctx.waitQueueLength()).toBe(12);

    // Busy interval: the peak (8) justifies the cap, no shrink.
    clock.advance(1000);
    expect(p.ctx.parallelism()).toBe(8);

    while (ctl.waiting.length > 0) {
      ctl.releaseAll();
      await tick();
    }
    await Promise.all(subs.map((s) => s.done));
    expect(ctl.peak).toBe(8);

    clock.advance(1000); // peak of the last interval was 8: keep
    clock.advance(1000); // idle interval: halve
    expect(p.ctx.parallelism()).toBe(4);
    clock.advance(1000);
    expect(p.ctx.parallelism()).toBe(2);
    clock.advance(5000);
    expect(p.ctx.parallelism()).toBe(2); // never below min
  });

  it('a fixed parallelism does not grow under pressure', async () => {
    gw = await startTestGateway({ clock, parallelism: { min: 2, init: 2, max: 8, shrinkIntervalMs: 1000 } });
    const ctl = probe('fixed');
    ctl.hold = true;
    const p = await createPipeline(gw, 'fixed', [{ type: 'TestProbe', config: { plugin_name: 'fixed' } }], { parallelism: 2 });
    const subs = Array.from({ length: 6 }, () => submit(p));
    await tick();
    expect(p.ctx.parallelism()).toBe(2);
    expect(ctl.active).toBe(2);
    while (ctl.waiting.length > 0) {
      ctl.releaseAll();
      await tick();
    }
    await Promise.all(subs.map((s) => s.done));
    expect(ctl.peak).toBe(2);
  });
});

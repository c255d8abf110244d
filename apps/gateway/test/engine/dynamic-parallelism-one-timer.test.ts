import { ManualClock } from '../../src/engine/clock';
import { createPipeline, startTestGateway } from '../support/harness';

it('dynamic → fixed → dynamic within one interval keeps a single shrink timer', async () => {
  const clock = new ManualClock();
  const gw = await startTestGateway({ clock, parallelism: { shrinkIntervalMs: 1000 } });
  await createPipeline(gw, 'p', [{ type: 'TestStep', config: { plugin_name: 's', action: 'mark' } }], { parallelism: 0 });
  // One shrink timer plus the statistics ticker shared by every pipeline.
  const timers = clock.pending();
  expect(timers).toBe(2);
  await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['s'], parallelism: 4 } });
  await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['s'], parallelism: 0 } });
  expect(clock.pending()).toBe(timers);
  await gw.stop();
});

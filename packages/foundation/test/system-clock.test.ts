import { execFileSync } from 'node:child_process';
import { systemClock } from '../src';

describe('systemClock', () => {
  it('reads wall time and monotonic time', () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    const a = systemClock.monotonic();
    expect(systemClock.monotonic()).toBeGreaterThanOrEqual(a);
  });

  it('sleeps on unref-ed timers that can be cleared', async () => {
    const started = performance.now();
    await systemClock.sleep(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
    let fired = false;
    const h = systemClock.setTimeout(() => {
      fired = true;
    }, 1);
    systemClock.clearTimeout(h);
    await systemClock.sleep(10);
    expect(fired).toBe(false);
  });

  it('timers never hold the process open', () => {
    // A process whose only pending work is a 60 s clock timer exits at once.
    const script = `require(${JSON.stringify(require.resolve('../dist/index.js'))}).systemClock.setTimeout(() => console.log('fired'), 60000)`;
    const started = performance.now();
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out).toBe('');
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('sleep rejects at once on an aborted signal', async () => {
    await expect(systemClock.sleep(60_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

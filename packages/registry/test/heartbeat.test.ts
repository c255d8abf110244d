// keepRegistered calls register every interval on the clock, skips beats while unhealthy,
// reports errors without stopping, and stops on stop().
import { ManualClock } from '@gatehouse/foundation';
import { ErrorCodes } from '../src/errors';
import { keepRegistered } from '../src/heartbeat';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { svc } from './helpers';

describe('keepRegistered', () => {
  it('beats every ttl/3, gated by healthy(), surviving errors, until stopped', async () => {
    const clock = new ManualClock();
    const registry = new MemoryRegistry({ clock });
    const calls: string[] = [];
    let healthy = true;
    let fail = false;
    const errors: unknown[] = [];
    const spy = Object.assign(Object.create(registry) as MemoryRegistry, {
      register: async (...args: Parameters<MemoryRegistry['register']>) => {
        calls.push('register');
        if (fail) throw new Error('registry down');
        return registry.register(...args);
      },
    });
    const hb = keepRegistered(spy, svc('hb', '1', 80), { ttlMs: 3000, clock, healthy: async () => healthy, onError: (e) => errors.push(e) });
    await clock.advanceAsync(999);
    expect(calls).toHaveLength(0);
    await clock.advanceAsync(1);
    expect(calls).toHaveLength(1);
    healthy = false;
    await clock.advanceAsync(2000);
    expect(calls).toHaveLength(1);
    healthy = true;
    fail = true;
    await clock.advanceAsync(1000);
    expect([calls.length, errors.length]).toEqual([2, 1]);
    fail = false;
    await clock.advanceAsync(1000);
    expect(calls).toHaveLength(3);
    hb.stop();
    await clock.advanceAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(clock.pending()).toBe(0);
  });

  it('refuses an interval that is not below the TTL', () => {
    const registry = new MemoryRegistry();
    expect(() => keepRegistered(registry, svc('hb', '1', 80), { ttlMs: 1000, intervalMs: 1000 })).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTIONS }));
  });
});

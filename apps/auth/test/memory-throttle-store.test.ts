// The in-process store meets the contract and sweeps expired windows so memory stays bounded.
import { MemoryThrottleStore } from '../src/throttle/memory-throttle.store';
import { describeThrottleStoreContract } from './throttle-store-contract';

describeThrottleStoreContract('memory', async () => new MemoryThrottleStore());

describe('memory throttle store sweep', () => {
  it('drops expired windows once the map passes the sweep size', async () => {
    const store = new MemoryThrottleStore({ sweepAbove: 100 });
    for (let i = 0; i < 100; i += 1) await store.hit(`old-${i}`, 1000, 0);
    expect(store.size).toBe(100);
    await store.hit('fresh', 1000, 5000);
    expect(store.size).toBe(1);
  });

  it('keeps live windows when sweeping', async () => {
    const store = new MemoryThrottleStore({ sweepAbove: 10 });
    for (let i = 0; i < 10; i += 1) await store.hit(`live-${i}`, 60_000, 0);
    await store.hit('new', 60_000, 1000);
    expect(store.size).toBe(11);
    expect((await store.hit('live-3', 60_000, 2000)).count).toBe(2);
  });
});

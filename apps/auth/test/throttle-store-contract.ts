// One behaviour suite for every ThrottleStore driver (memory, Redis).
import type { ThrottleStore } from '../src/throttle/throttle-store';

/** Registers the contract tests; `create` returns a fresh, isolated store. */
export function describeThrottleStoreContract(name: string, create: () => Promise<ThrottleStore>): void {
  describe(`${name} throttle store contract`, () => {
    let store: ThrottleStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    // A window start, so "now" sits exactly on a boundary and the arithmetic is checkable.
    const start = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

    it('counts hits within one window', async () => {
      expect((await store.hit('k', 60_000, start)).count).toBe(1);
      expect((await store.hit('k', 60_000, start + 10)).count).toBe(2);
      expect((await store.hit('k', 60_000, start + 59_999)).count).toBe(3);
    });

    it('reports the time left in the window', async () => {
      expect((await store.hit('k', 60_000, start)).resetInMs).toBe(60_000);
      expect((await store.hit('k', 60_000, start + 45_500)).resetInMs).toBe(14_500);
    });

    it('starts again from one in the next window', async () => {
      await store.hit('k', 60_000, start);
      await store.hit('k', 60_000, start + 1);
      expect((await store.hit('k', 60_000, start + 60_000)).count).toBe(1);
    });

    it('keeps keys apart', async () => {
      await store.hit('a', 60_000, start);
      await store.hit('a', 60_000, start);
      expect((await store.hit('b', 60_000, start)).count).toBe(1);
      expect((await store.hit('a', 60_000, start)).count).toBe(3);
    });

    it('counts concurrent hits exactly', async () => {
      const counts = await Promise.all(Array.from({ length: 25 }, () => store.hit('c', 60_000, start)));
      expect(counts.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });
  });
}

import { LeastWip } from './least-wip';

describe('least_wip_requests', () => {
  it('picks the target with the fewest calls in progress, the last one included (the 2018 bug skipped it)', () => {
    const wip = [5, 3, 1];
    expect(new LeastWip(3, (i) => wip[i]).pick()).toBe(2);
  });

  it('breaks ties by order and follows the load as it changes', () => {
    const wip = [2, 2, 2];
    const b = new LeastWip(3, (i) => wip[i]);
    expect(b.pick()).toBe(0);
    wip[0] = 3;
    expect(b.pick()).toBe(1);
  });

  it('skips targets that are not running; with none running it falls back to the first', () => {
    const wip: (number | undefined)[] = [undefined, 9, undefined];
    expect(new LeastWip(3, (i) => wip[i]).pick()).toBe(1);
    expect(new LeastWip(2, () => undefined).pick()).toBe(0);
  });
});

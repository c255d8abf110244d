import { RoundRobin } from './round-robin';

describe('round_robin', () => {
  it('takes the targets in turn and wraps', () => {
    const rr = new RoundRobin(3);
    expect(Array.from({ length: 7 }, () => rr.pick())).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('with one target always picks it', () => {
    const rr = new RoundRobin(1);
    expect([rr.pick(), rr.pick()]).toEqual([0, 0]);
  });
});

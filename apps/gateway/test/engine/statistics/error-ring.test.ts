import { ErrorRing } from '../../../src/engine/statistics/error-ring';

describe('ErrorRing (the last failed tasks of a pipeline)', () => {
  it('lists what it recorded newest first', () => {
    const ring = new ErrorRing(3);
    ring.record(10, 'out', 502, 'GW_BAD_GATEWAY', 'backend closed the connection');
    ring.record(20, 'limit', 429, 'GW_FLOW_CONTROL', 'flow controlled');
    expect(ring.entries()).toEqual([
      { at: 20, plugin: 'limit', resultCode: 429, errorCode: 'GW_FLOW_CONTROL', message: 'flow controlled' },
      { at: 10, plugin: 'out', resultCode: 502, errorCode: 'GW_BAD_GATEWAY', message: 'backend closed the connection' },
    ]);
    expect(ring.recorded).toBe(2);
  });

  it('keeps only the newest `capacity` entries, overwriting the oldest', () => {
    const ring = new ErrorRing(3);
    for (let i = 1; i <= 7; i++) ring.record(i, `p${i}`, 500 + i, `E${i}`, `m${i}`);
    expect(ring.entries().map((e) => [e.at, e.plugin, e.resultCode, e.errorCode, e.message])).toEqual([
      [7, 'p7', 507, 'E7', 'm7'],
      [6, 'p6', 506, 'E6', 'm6'],
      [5, 'p5', 505, 'E5', 'm5'],
    ]);
    expect(ring.recorded).toBe(7);
  });

  it('is empty before the first failure and holds 20 by default', () => {
    const ring = new ErrorRing();
    expect(ring.entries()).toEqual([]);
    for (let i = 0; i < 25; i++) ring.record(i, 'p', 500, 'E', 'm');
    expect(ring.entries()).toHaveLength(20);
    expect(ring.entries()[19]!.at).toBe(5);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new ErrorRing(0)).toThrow(/positive integer/);
    expect(() => new ErrorRing(2.5)).toThrow(/positive integer/);
  });
});

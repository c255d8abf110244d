import { aggregateIndicatorValues } from './indicator-aggregate';

describe('aggregateIndicatorValues (one plugin indicator over several processes)', () => {
  it('sums, takes the largest, the smallest or the mean', () => {
    const values = [3, 10, -1, 4];
    expect(aggregateIndicatorValues(values, 'sum')).toBe(16);
    expect(aggregateIndicatorValues(values, 'max')).toBe(10);
    expect(aggregateIndicatorValues(values, 'min')).toBe(-1);
    expect(aggregateIndicatorValues(values, 'mean')).toBe(4);
  });

  it('leaves nulls out, so they neither count as 0 nor lower a mean or a minimum', () => {
    const values = [null, 6, null, 2];
    expect(aggregateIndicatorValues(values, 'sum')).toBe(8);
    expect(aggregateIndicatorValues(values, 'max')).toBe(6);
    expect(aggregateIndicatorValues(values, 'min')).toBe(2);
    expect(aggregateIndicatorValues(values, 'mean')).toBe(4);
  });

  it('is null when every value is null, or there is none', () => {
    for (const how of ['sum', 'max', 'min', 'mean'] as const) {
      expect(aggregateIndicatorValues([null, null], how)).toBeNull();
      expect(aggregateIndicatorValues([], how)).toBeNull();
    }
  });

  it('keeps a single value as it is, and 0 as 0', () => {
    for (const how of ['sum', 'max', 'min', 'mean'] as const) {
      expect(aggregateIndicatorValues([7.5], how)).toBe(7.5);
      expect(aggregateIndicatorValues([0, null], how)).toBe(0);
    }
  });
});

import { ReportBuffer } from '../../src/stats-shipping/report-buffer';

describe('the report buffer', () => {
  it('keeps the newest reports, dropping and counting the oldest when full', () => {
    const b = new ReportBuffer<number>(3);
    for (let i = 1; i <= 5; i++) b.push(i);
    expect([b.size, b.dropped, b.peek()]).toEqual([3, 2, 3]);
    expect([b.shift(), b.shift(), b.shift(), b.shift()]).toEqual([3, 4, 5, undefined]);
    b.push(6);
    expect([b.size, b.peek()]).toEqual([1, 6]);
  });
});

import uPlot from 'uplot';

/** Set once, when the page drew its first chart with data (the browser test reads it). */
export const FIRST_CHART_MARK = 'gatehouse:first-chart';

function markFirstChart(): void {
  if (performance.getEntriesByName(FIRST_CHART_MARK).length === 0) performance.mark(FIRST_CHART_MARK);
}

/** Values that are not gaps. */
function valueCount(values: ArrayLike<number | null | undefined>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== null && values[i] !== undefined) n++;
  return n;
}

/** A tiny line chart with no axes, legend or cursor: the overview's sparklines. */
export class Sparkline {
  private readonly plot: uPlot;

  constructor(parent: HTMLElement, color: string, width = 96, height = 28) {
    this.plot = new uPlot(
      {
        width,
        height,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
        axes: [{ show: false }, { show: false }],
        // A single point has no line yet: draw it as a dot until there are two values.
        series: [{}, { stroke: color, width: 1.5, fill: `${color}22`, spanGaps: false, points: { show: (u, si) => valueCount(u.data[si] ?? []) < 2, size: 4 } }],
      },
      [[], []],
      parent,
    );
  }

  setData(data: [number[], (number | null)[]]): void {
    this.plot.setData(data);
    if (data[0].length > 0) markFirstChart();
  }

  destroy(): void {
    this.plot.destroy();
  }
}

/** One line of a `TimeChart`. */
export interface Line {
  label: string;
  color: string;
  /** Formats a value for the legend. */
  format: (v: number | null) => string;
}

/** A chart with a time axis, a value axis and a legend: the pipeline view's charts. */
export class TimeChart {
  private readonly plot: uPlot;

  constructor(parent: HTMLElement, title: string, lines: Line[], yFormat: (v: number) => string, width = 420, height = 160) {
    this.plot = new uPlot(
      {
        title,
        width,
        height,
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
        axes: [{ stroke: '#8a93a6', grid: { stroke: '#2a3142' } }, { stroke: '#8a93a6', grid: { stroke: '#2a3142' }, size: 80, values: (_u, ticks) => ticks.map(yFormat) }],
        series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, value: (_u: uPlot, v: number | null) => l.format(v) }))],
      },
      [[], ...lines.map(() => [])],
      parent,
    );
  }

  setData(data: [number[], ...(number | null)[][]]): void {
    this.plot.setData(data);
    if (data[0].length > 0) markFirstChart();
  }

  destroy(): void {
    this.plot.destroy();
  }
}

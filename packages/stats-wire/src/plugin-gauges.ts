import { ByteReader } from './binary/byte-reader';
import { ByteWriter } from './binary/byte-writer';
import { MalformedBucketError, MalformedReportError } from './errors';
import { isName, MAX_NAME_LENGTH, NAME_PATTERN } from './report-shape';

/**
 * How the nodes' values of a plugin-registered indicator combine over a group — the gateway's
 * `registerIndicator(…, { aggregate })`: rates and queue lengths add up, a breaker state or a
 * listen port does not.
 */
export type GaugeAggregate = 'sum' | 'max' | 'min' | 'mean';

/** Wire codes of the aggregates (their index). */
export const GAUGE_AGGREGATES: readonly GaugeAggregate[] = ['sum', 'max', 'min', 'mean'];

/** One plugin indicator's value on one node when a tick ended. */
export interface PluginGauge {
  name: string;
  aggregate: GaugeAggregate;
  value: number;
}

/** A tick's values of one plugin indicator over the nodes that reported it: what a 5-s bucket holds. */
export interface GaugeFold {
  aggregate: GaugeAggregate;
  sum: number;
  min: number;
  max: number;
  /** Nodes whose value went in. */
  nodes: number;
}

/** The bucket hash field of a plugin's indicator folds (5-s buckets only). */
export const GAUGE_FIELD = 'g';

/** Bounds a decoder enforces on a plugin's indicators. */
export const GAUGE_LIMITS = {
  /** Indicators one plugin may report in one tick. */
  perPlugin: 64,
} as const;

/** `fold` with one node's `value` added (a new fold when `fold` is undefined). The newest aggregate wins, as between workers of a node. */
export function addToGaugeFold(fold: GaugeFold | undefined, aggregate: GaugeAggregate, value: number): GaugeFold {
  if (fold === undefined) return { aggregate, sum: value, min: value, max: value, nodes: 1 };
  fold.aggregate = aggregate;
  fold.sum += value;
  if (value < fold.min) fold.min = value;
  if (value > fold.max) fold.max = value;
  fold.nodes++;
  return fold;
}

/** `into` with every fold of `from` merged in (same name: nodes of both). */
export function mergeGaugeFolds(into: Map<string, GaugeFold>, from: ReadonlyMap<string, GaugeFold>): Map<string, GaugeFold> {
  for (const [name, f] of from) {
    const mine = into.get(name);
    if (mine === undefined) {
      into.set(name, { ...f });
      continue;
    }
    mine.aggregate = f.aggregate;
    mine.sum += f.sum;
    if (f.min < mine.min) mine.min = f.min;
    if (f.max > mine.max) mine.max = f.max;
    mine.nodes += f.nodes;
  }
  return into;
}

/** The group's value of a folded indicator, by its aggregate. */
export function gaugeValue(f: GaugeFold): number {
  switch (f.aggregate) {
    case 'sum':
      return f.sum;
    case 'max':
      return f.max;
    case 'min':
      return f.min;
    case 'mean':
      return f.sum / f.nodes;
  }
}

/** First byte of a stored gauge field: its format. */
const GAUGE_FORMAT = 1;

/** A bucket's indicator folds as its `g` field stores them: format byte, count, then per fold name, aggregate, sum, min, max, nodes. */
export function encodeBucketGauges(folds: ReadonlyMap<string, GaugeFold>, w: ByteWriter = new ByteWriter(256)): Buffer {
  const start = w.length;
  w.byte(GAUGE_FORMAT);
  w.uint(folds.size);
  for (const [name, f] of folds) {
    w.name(name);
    w.byte(GAUGE_AGGREGATES.indexOf(f.aggregate));
    w.float64(f.sum);
    w.float64(f.min);
    w.float64(f.max);
    w.uint(f.nodes);
  }
  return w.since(start);
}

/** The folds a stored `g` field holds (empty for none); MalformedBucketError when it is not one. */
export function decodeBucketGauges(value: Uint8Array | null | undefined): Map<string, GaugeFold> {
  const out = new Map<string, GaugeFold>();
  if (value === null || value === undefined || value.length === 0) return out;
  const r = new ByteReader(value);
  try {
    if (r.byte() !== GAUGE_FORMAT) throw r.fail('unknown gauge format');
    const n = r.uint();
    if (n > GAUGE_LIMITS.perPlugin) throw r.fail(`${n} indicators (at most ${GAUGE_LIMITS.perPlugin})`);
    for (let i = 0; i < n; i++) {
      const name = readGaugeName(r);
      const aggregate = GAUGE_AGGREGATES[r.byte()];
      if (aggregate === undefined) throw r.fail(`indicator ${name} has an unknown aggregate`);
      const fold: GaugeFold = { aggregate, sum: r.float64(), min: r.float64(), max: r.float64(), nodes: r.uint() };
      if (![fold.sum, fold.min, fold.max].every(Number.isFinite) || fold.nodes < 1) throw r.fail(`indicator ${name} holds a value that is not finite or no node`);
      out.set(name, fold);
    }
    if (!r.done) throw r.fail('bytes follow the indicators');
    return out;
  } catch (err) {
    if (err instanceof MalformedReportError) throw new MalformedBucketError(err.message);
    throw err;
  }
}

/** Aggregate byte of an indicator in a report body: the aggregate's code, plus this bit when the value is a varint (a non-negative integer) instead of a float. */
const INTEGER_VALUE = 4;

/**
 * The indicator names of one report body as it is written: each goes in whole the first time
 * (0, then the name), then as the number of that first time (1, 2, …) — every pipeline's
 * HTTPInput has the same WAIT_QUEUE_LENGTH, so a body holds a few names many times.
 */
export class GaugeNamesWritten {
  private readonly numbers = new Map<string, number>();

  write(w: ByteWriter, name: string): void {
    const n = this.numbers.get(name);
    if (n !== undefined) return w.uint(n);
    w.uint(0);
    w.name(name);
    this.numbers.set(name, this.numbers.size + 1);
  }
}

/** The indicator names of one report body as it is read (see GaugeNamesWritten). */
export class GaugeNamesRead {
  private readonly names: string[] = [];

  read(r: ByteReader): string {
    const n = r.uint();
    if (n === 0) {
      const name = readGaugeName(r);
      this.names.push(name);
      return name;
    }
    const name = this.names[n - 1];
    if (name === undefined) throw r.fail(`indicator name number ${n} names none of the ${this.names.length} before it`);
    return name;
  }
}

/** Writes a plugin's indicators into a report body: count, then per indicator its name (`names`), aggregate byte, value. */
export function writeGauges(w: ByteWriter, gauges: readonly PluginGauge[], names: GaugeNamesWritten): void {
  w.uint(gauges.length);
  for (const g of gauges) {
    if (!NAME_PATTERN.test(g.name)) throw new RangeError(`not an indicator name: ${JSON.stringify(g.name)}`);
    if (!Number.isFinite(g.value)) throw new RangeError(`indicator ${g.name}: ${g.value} is not a finite number`);
    const code = GAUGE_AGGREGATES.indexOf(g.aggregate);
    if (code < 0) throw new RangeError(`indicator ${g.name}: unknown aggregate ${JSON.stringify(g.aggregate)}`);
    names.write(w, g.name);
    // Counts, queue lengths, states and ports are small integers: one or two bytes instead of eight.
    if (Number.isSafeInteger(g.value) && g.value >= 0) {
      w.byte(code | INTEGER_VALUE);
      w.uint(g.value);
    } else {
      w.byte(code);
      w.float64(g.value);
    }
  }
}

/** What takes the indicator values a report body holds. */
export interface GaugeVisitor {
  /** One indicator value of the plugin whose series came just before (none when left out). */
  gauge?(plugin: string, name: string, aggregate: GaugeAggregate, value: number): void;
}

/** Reads `plugin`'s indicators from a report body, handing each to `visitor` (checked, whether or not it takes them); names must not repeat. */
export function readGauges(r: ByteReader, plugin: string, visitor: GaugeVisitor, names: GaugeNamesRead): void {
  const n = r.uint();
  if (n > GAUGE_LIMITS.perPlugin) throw r.fail(`plugin ${plugin} has ${n} indicators (at most ${GAUGE_LIMITS.perPlugin})`);
  let seen: string[] | undefined;
  for (let i = 0; i < n; i++) {
    const name = names.read(r);
    if (seen?.includes(name)) throw r.fail(`indicator ${name} of plugin ${plugin} is listed twice`);
    (seen ??= []).push(name);
    const b = r.byte();
    const aggregate = GAUGE_AGGREGATES[b & ~INTEGER_VALUE];
    if (aggregate === undefined) throw r.fail(`indicator ${name} of plugin ${plugin} has an unknown aggregate byte ${b}`);
    const value = b & INTEGER_VALUE ? r.uint() : r.float64();
    if (!Number.isFinite(value)) throw r.fail(`indicator ${name} of plugin ${plugin} is not a finite number`);
    visitor.gauge?.(plugin, name, aggregate, value);
  }
}

function readGaugeName(r: ByteReader): string {
  const name = r.name(MAX_NAME_LENGTH);
  if (!isName(name)) throw r.fail(`an indicator name is not a name (${NAME_PATTERN.source})`);
  return name;
}

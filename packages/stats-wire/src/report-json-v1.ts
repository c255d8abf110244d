// Version 1 of the tick report: JSON arrays (what gateways shipped before version 2).
import { SKETCH_LIMITS } from './binary/sketch-codec';
import { MalformedReportError } from './errors';
import type { SketchParts } from './latency-sketch';
import { checkName, checkTick, REPORT_LIMITS, type SeriesDelta, type TickReport } from './report-shape';

/**
 * One result's figures of one tick, compactly: `[count, sum, m2, min, max, zero, key0, c0,
 * dk1, c1, …]` — bin keys are delta-coded (first absolute, then gaps ≥ 1), so a typical bin
 * costs a few bytes of JSON.
 */
export type EncodedResult = number[];

/** A series (pipeline tasks or one plugin's runs): `[success, failure]`, 0 for "no sample". */
export type EncodedSeries = [EncodedResult | 0, EncodedResult | 0];

/** `[pipeline, its tasks, [[plugin, its runs], …]]`. */
export type EncodedPipeline = [string, EncodedSeries, [string, EncodedSeries][]];

/**
 * Version 1 of the job data one node ships every tick: the tick's counts and latency-sketch deltas
 * per pipeline and plugin, by result, as JSON arrays. Gateways now ship version 2 (binary, about a
 * third of the size); the worker still folds version 1 from nodes not yet upgraded.
 */
export interface EncodedReportV1 {
  v: 1;
  /** Cluster group. */
  g: string;
  /** Node name. */
  n: string;
  /** Tick index: ⌊epoch ms / 5000⌋ when the tick ended. */
  t: number;
  p: EncodedPipeline[];
}

/** Encodes one sketch's delta; 0 when it holds no sample. */
export function encodeSketch(s: SketchParts | undefined): EncodedResult | 0 {
  if (s === undefined || s.count === 0) return 0;
  const out: number[] = [s.count, Math.round(s.sum), Math.round(s.m2), Math.round(s.min), Math.round(s.max), s.zeroCount];
  let prev: number | undefined;
  s.forEachKey((key, c) => {
    out.push(prev === undefined ? key : key - prev, c);
    prev = key;
  });
  return out;
}

/** Decodes and validates version-1 job data (an object with `v: 1`). */
export function decodeJsonReport(data: object): TickReport {
  const r = data as Partial<EncodedReportV1>;
  const group = name(r.g, 'g');
  const node = name(r.n, 'n');
  const tick = checkTick(r.t);
  if (!Array.isArray(r.p) || r.p.length > REPORT_LIMITS.pipelines) throw new MalformedReportError(`p must be an array of at most ${REPORT_LIMITS.pipelines} pipelines`);
  const seen = new Set<string>();
  const pipelines = r.p.map((raw, i) => {
    const at = `p[${i}]`;
    if (!Array.isArray(raw) || raw.length !== 3) throw new MalformedReportError(`${at} must be [name, series, plugins]`);
    const [pName, tasks, plugins] = raw as unknown[];
    const pipeline = name(pName, `${at}[0]`);
    if (seen.has(pipeline)) throw new MalformedReportError(`${at}: pipeline ${pipeline} is listed twice`);
    seen.add(pipeline);
    if (!Array.isArray(plugins) || plugins.length > REPORT_LIMITS.pluginsPerPipeline) {
      throw new MalformedReportError(`${at}[2] must be an array of at most ${REPORT_LIMITS.pluginsPerPipeline} plugins`);
    }
    const pluginNames = new Set<string>();
    return {
      name: pipeline,
      tasks: series(tasks, `${at}[1]`),
      plugins: plugins.map((pl: unknown, j) => {
        const pat = `${at}[2][${j}]`;
        if (!Array.isArray(pl) || pl.length !== 2) throw new MalformedReportError(`${pat} must be [name, series]`);
        const plugin = name(pl[0], `${pat}[0]`);
        if (pluginNames.has(plugin)) throw new MalformedReportError(`${pat}: plugin ${plugin} is listed twice`);
        pluginNames.add(plugin);
        return { name: plugin, runs: series(pl[1], `${pat}[1]`) };
      }),
    };
  });
  return { group, node, tick, pipelines };
}

const name = checkName;

function series(v: unknown, at: string): SeriesDelta {
  if (!Array.isArray(v) || v.length !== 2) throw new MalformedReportError(`${at} must be [success, failure]`);
  const out: SeriesDelta = {};
  const ok = result(v[0], `${at}[0]`);
  const failed = result(v[1], `${at}[1]`);
  if (ok !== undefined) out.success = ok;
  if (failed !== undefined) out.failure = failed;
  return out;
}

function result(v: unknown, at: string): SketchParts | undefined {
  if (v === 0) return undefined;
  if (!Array.isArray(v) || v.length < 6 || v.length % 2 !== 0 || (v.length - 6) / 2 > SKETCH_LIMITS.bins) {
    throw new MalformedReportError(`${at} must be [count, sum, m2, min, max, zero, key, count, …] with at most ${SKETCH_LIMITS.bins} bins`);
  }
  for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) throw new MalformedReportError(`${at} holds a value that is not a finite number`);
  const [count, sum, m2, min, max, zero] = v as number[];
  if (!isCount(count) || count === 0 || !isCount(zero) || sum! < 0 || m2! < 0 || min! < 0 || max! < min!) {
    throw new MalformedReportError(`${at}: count must be a positive integer, zero a count, and 0 ≤ min ≤ max, sum ≥ 0, m2 ≥ 0`);
  }
  const keys: number[] = [];
  const counts: number[] = [];
  let key = 0;
  let total = zero!;
  for (let i = 6; i < v.length; i += 2) {
    const k = v[i] as number;
    const c = v[i + 1] as number;
    if (!Number.isSafeInteger(k) || (i > 6 && k < 1) || !isCount(c) || c === 0) throw new MalformedReportError(`${at}: bin ${(i - 6) / 2} has a bad key gap or count`);
    key = i === 6 ? k : key + k;
    if (Math.abs(key) > SKETCH_LIMITS.keyAbs) throw new MalformedReportError(`${at}: bin key ${key} is out of range`);
    keys.push(key);
    counts.push(c);
    total += c;
  }
  if (total !== count) throw new MalformedReportError(`${at}: the bins hold ${total} samples, count says ${count}`);
  return new ArraySketch(count!, sum!, m2!, min!, max!, zero!, keys, counts);
}

function isCount(x: number | undefined): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

/** A version-1 result: its bins as two arrays. */
class ArraySketch implements SketchParts {
  constructor(
    readonly count: number,
    readonly sum: number,
    readonly m2: number,
    readonly min: number,
    readonly max: number,
    readonly zeroCount: number,
    private readonly keys: number[],
    private readonly counts: number[],
  ) {}

  forEachKey(fn: (key: number, count: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) fn(this.keys[i]!, this.counts[i]!);
  }

  keyRange(): readonly [number, number] | undefined {
    return this.keys.length === 0 ? undefined : [this.keys[0]!, this.keys[this.keys.length - 1]!];
  }

  addCountsTo(target: Float64Array, offset: number): void {
    for (let i = 0; i < this.keys.length; i++) target[this.keys[i]! - offset]! += this.counts[i]!;
  }
}

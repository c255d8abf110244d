// Version 2 of the tick report: the per-pipeline sketches in a varint-coded body, base64 in the
// job data. A 50-pipeline × 4-plugin tick is under half of version 1's JSON, and the worker
// reads it without building an array per bin.
import { MalformedReportError } from '../errors';
import type { SketchParts } from '../latency-sketch';
import { checkName, checkTick, isName, MAX_NAME_LENGTH, NAME_PATTERN, REPORT_LIMITS, type SeriesDelta, type TickReport } from '../report-shape';
import { GaugeNamesRead, GaugeNamesWritten, readGauges, writeGauges, type GaugeVisitor, type PluginGauge } from '../plugin-gauges';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { EncodedSketch, readSketch, writeSketch, type BinCheck } from './sketch-codec';

/**
 * The job data one node ships every tick (BullMQ job id `<group>:<node>:<tick>`): group, node and
 * tick in the clear (the worker scopes the job by them), the sketches in `b`.
 */
export interface EncodedReport {
  v: 2;
  /** Cluster group. */
  g: string;
  /** Node name. */
  n: string;
  /** Tick index: ⌊epoch ms / 5000⌋ when the tick ended. */
  t: number;
  /**
   * Base64 of: `nPipelines`, then per pipeline its name, its tasks' series, `nPlugins` and per
   * plugin its name and series. A series is a flags byte (1 = success sketch follows, 2 = failure
   * sketch follows, 4 = a plugin's indicator values follow) and those (`writeSketch`,
   * `writeGauges`: an indicator name is written whole once per body, then by number). Names are
   * a length and ASCII bytes.
   */
  b: string;
}

/** A series to encode; an absent or empty sketch is left out. */
export interface SeriesInput {
  success?: SketchParts | undefined;
  failure?: SketchParts | undefined;
}

/** What a report is built from: the tick's sketches per pipeline and plugin. */
export interface ReportInput {
  group: string;
  node: string;
  tick: number;
  /** Per plugin: its runs, and the indicator values it registered (a plugin that did not run may carry only these). */
  pipelines: readonly { name: string; tasks: SeriesInput; plugins: readonly { name: string; runs: SeriesInput; gauges?: readonly PluginGauge[] | undefined }[] }[];
}

const SUCCESS = 1;
const FAILURE = 2;
/** Plugin series only: the plugin's indicator values follow its sketches. */
const GAUGES = 4;

/** Encodes a tick report (version 2), its body in base64 in the job data. Names must match NAME_PATTERN. */
export function encodeReport(input: ReportInput): EncodedReport {
  return { v: 2, g: input.group, n: input.node, t: input.tick, b: encodeReportBody(input).toString('base64') };
}

/** The body of a version-2 report, raw: what `b` holds in base64, and what a claim's body key holds (see ReportClaim). */
export function encodeReportBody(input: ReportInput): Buffer {
  const w = new ByteWriter(16 * 1024);
  const gaugeNames = new GaugeNamesWritten();
  w.uint(input.pipelines.length);
  for (const p of input.pipelines) {
    writeName(w, p.name);
    writeSeries(w, p.tasks, undefined, gaugeNames);
    w.uint(p.plugins.length);
    for (const pl of p.plugins) {
      writeName(w, pl.name);
      writeSeries(w, pl.runs, pl.gauges, gaugeNames);
    }
  }
  return w.bytes();
}

/** Decodes and validates version-2 job data (an object with `v: 2`); `bins`: see readSketch. */
export function decodeBinaryReport(data: object, bins: BinCheck = 'now'): TickReport {
  const r = data as Partial<EncodedReport>;
  const group = checkName(r.g, 'g');
  const node = checkName(r.n, 'n');
  const tick = checkTick(r.t);
  return decodeReportBody(group, node, tick, base64Body(r.b), bins);
}

/** Decodes and validates the raw body of a version-2 report of `group`'s `node` at `tick` (already checked). */
export function decodeReportBody(group: string, node: string, tick: number, bytes: Uint8Array, bins: BinCheck = 'now'): TickReport {
  const pipelines: TickReport['pipelines'] = [];
  let current: TickReport['pipelines'][number] | undefined;
  walkReportBody(
    bytes,
    {
      pipeline(name) {
        pipelines.push((current = { name, tasks: {}, plugins: [] }));
      },
      series(plugin, success, failure) {
        const delta: SeriesDelta = {};
        if (success) delta.success = success;
        if (failure) delta.failure = failure;
        if (plugin === undefined) current!.tasks = delta;
        else current!.plugins.push({ name: plugin, runs: delta });
      },
      gauge(_plugin, name, aggregate, value) {
        const plugin = current!.plugins[current!.plugins.length - 1]!;
        (plugin.gauges ??= []).push({ name, aggregate, value });
      },
    },
    { bins, reuseSketches: false },
  );
  return { group, node, tick, pipelines };
}

/** What a walk over a report body hands out, in the body's order. */
export interface ReportVisitor extends GaugeVisitor {
  /** A pipeline begins; the series that follow are its. */
  pipeline(name: string): void;
  /** The pipeline's tasks (`plugin` undefined, first) or one plugin's runs: its sketches, absent when empty. */
  series(plugin: string | undefined, success: SketchParts | undefined, failure: SketchParts | undefined): void;
}

/** How a walk reads. */
export interface WalkOptions {
  /** See readSketch. */
  bins: BinCheck;
  /**
   * Hand out the same two sketch objects for every series, read anew each time: nothing is
   * allocated per sketch, so a visitor that merges each series before returning (the stats
   * worker's fold) leaves the garbage collector nothing to do. Such a visitor must not keep them.
   */
  reuseSketches: boolean;
}

/**
 * Walks the raw body of a version-2 report, handing each pipeline and series to `visitor` as it
 * is read, with every check decodeReportBody makes (names, duplicates, bounds, trailing bytes);
 * throws MalformedReportError at the first fault — after handing out what came before it.
 */
export function walkReportBody(bytes: Uint8Array, visitor: ReportVisitor, options: WalkOptions): void {
  if (bytes.length > REPORT_LIMITS.bodyBytes) throw new MalformedReportError(`the body is ${bytes.length} bytes (at most ${REPORT_LIMITS.bodyBytes})`);
  const { bins } = options;
  const ok = options.reuseSketches ? new EncodedSketch() : undefined;
  const failed = options.reuseSketches ? new EncodedSketch() : undefined;
  const reader = new ByteReader(bytes);
  const gaugeNames = new GaugeNamesRead();
  const nPipelines = reader.uint();
  if (nPipelines > REPORT_LIMITS.pipelines) throw reader.fail(`${nPipelines} pipelines (at most ${REPORT_LIMITS.pipelines})`);
  const seen = new Set<string>();
  const pluginNames = new Set<string>();
  for (let i = 0; i < nPipelines; i++) {
    const name = reader.name(MAX_NAME_LENGTH);
    if (!isName(name)) throw reader.fail(`the name of pipeline ${i} is not a name (${NAME_PATTERN.source})`);
    if (seen.has(name)) throw reader.fail(`pipeline ${name} is listed twice`);
    seen.add(name);
    visitor.pipeline(name);
    readSeries(reader, bytes, bins, undefined, visitor, ok, failed, gaugeNames);
    const nPlugins = reader.uint();
    if (nPlugins > REPORT_LIMITS.pluginsPerPipeline) throw reader.fail(`pipeline ${name} has ${nPlugins} plugins (at most ${REPORT_LIMITS.pluginsPerPipeline})`);
    pluginNames.clear();
    for (let j = 0; j < nPlugins; j++) {
      // Messages are built only on failure: this loop runs for every plugin of every job.
      const plugin = reader.name(MAX_NAME_LENGTH);
      if (!isName(plugin)) throw reader.fail(`the name of plugin ${j} of pipeline ${name} is not a name (${NAME_PATTERN.source})`);
      if (pluginNames.has(plugin)) throw reader.fail(`plugin ${plugin} of pipeline ${name} is listed twice`);
      pluginNames.add(plugin);
      readSeries(reader, bytes, bins, plugin, visitor, ok, failed, gaugeNames);
    }
  }
  if (!reader.done) throw reader.fail(`${bytes.length - reader.offset} bytes follow the last pipeline`);
}

function base64Body(b: unknown): Buffer {
  if (typeof b !== 'string' || b.length > REPORT_LIMITS.base64Length) throw new MalformedReportError(`b must be a base64 string of at most ${REPORT_LIMITS.base64Length} characters`);
  const bytes = Buffer.from(b, 'base64');
  // Node skips characters outside the alphabet: a body that decodes short was not base64.
  const padding = b.endsWith('==') ? 2 : b.endsWith('=') ? 1 : 0;
  if (b.length % 4 !== 0 || bytes.length !== (b.length / 4) * 3 - padding) throw new MalformedReportError('b is not valid base64');
  return bytes;
}

function writeName(w: ByteWriter, name: string): void {
  if (!NAME_PATTERN.test(name)) throw new RangeError(`not a name: ${JSON.stringify(name)}`);
  w.name(name);
}

function writeSeries(w: ByteWriter, s: SeriesInput, gauges: readonly PluginGauge[] | undefined, gaugeNames: GaugeNamesWritten): void {
  const ok = s.success !== undefined && s.success.count > 0 ? s.success : undefined;
  const failed = s.failure !== undefined && s.failure.count > 0 ? s.failure : undefined;
  const withGauges = gauges !== undefined && gauges.length > 0;
  w.byte((ok ? SUCCESS : 0) | (failed ? FAILURE : 0) | (withGauges ? GAUGES : 0));
  if (ok) writeSketch(w, ok);
  if (failed) writeSketch(w, failed);
  if (withGauges) writeGauges(w, gauges, gaugeNames);
}

function readSeries(
  r: ByteReader,
  bytes: Uint8Array,
  bins: BinCheck,
  plugin: string | undefined,
  visitor: ReportVisitor,
  ok: EncodedSketch | undefined,
  failed: EncodedSketch | undefined,
  gaugeNames: GaugeNamesRead,
): void {
  const flags = r.byte();
  if ((flags & ~(SUCCESS | FAILURE | GAUGES)) !== 0 || (flags & GAUGES && plugin === undefined)) throw r.fail(`series flags ${flags} hold unknown bits`);
  const success = flags & SUCCESS ? readSketch(r, bytes, bins, ok) : undefined;
  const failure = flags & FAILURE ? readSketch(r, bytes, bins, failed) : undefined;
  visitor.series(plugin, success, failure);
  if (flags & GAUGES) readGauges(r, plugin!, visitor, gaugeNames);
}

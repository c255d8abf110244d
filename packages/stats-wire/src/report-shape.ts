import type { SketchParts } from './latency-sketch';
import { MalformedReportError } from './errors';
import type { PluginGauge } from './plugin-gauges';

/** Format version of the reports the gateway ships (`v` of the job data); the worker still reads version 1. */
export const REPORT_VERSION = 2;

/** Length of one statistics tick, ms: a report covers one tick of one node. */
export const TICK_MS = 5000;

/** Node, group, pipeline and plugin names: what the gateway accepts (URL-safe, no separators). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Longest name NAME_PATTERN allows. */
export const MAX_NAME_LENGTH = 128;

/** Bounds a decoder enforces, so one hostile job cannot make the worker allocate without limit. */
export const REPORT_LIMITS = {
  pipelines: 10_000,
  pluginsPerPipeline: 256,
  /** Characters of a version-2 report's base64 body (12 MiB of bytes). */
  base64Length: 16 * 1024 * 1024,
  /** Bytes of a report's raw body (a claim's, or a base64 body decoded). */
  bodyBytes: 12 * 1024 * 1024,
} as const;

/** One series of a decoded report: the tick's success and failure sketches (absent = none). */
export interface SeriesDelta {
  success?: SketchParts;
  failure?: SketchParts;
}

/** A decoded, validated report. */
export interface TickReport {
  group: string;
  node: string;
  tick: number;
  /** Per plugin: its runs, and the values of the indicators it registered (absent: none reported). */
  pipelines: { name: string; tasks: SeriesDelta; plugins: { name: string; runs: SeriesDelta; gauges?: PluginGauge[] }[] }[];
}

/**
 * The BullMQ job id of a report: `<group>:<node>:<tick>` — the issue's `node:tick`, scoped by the
 * group since node names are unique only within one (and BullMQ refuses a custom id with a
 * single `:`, keeping three parts for its legacy repeatable jobs). A re-sent tick is the same job.
 */
export function reportJobId(group: string, node: string, tick: number): string {
  return `${group}:${node}:${tick}`;
}

/** `v` when it is a name, else a MalformedReportError naming `at`. */
export function checkName(v: unknown, at: string): string {
  if (typeof v !== 'string' || !NAME_PATTERN.test(v)) throw new MalformedReportError(`${at} must be a name (${NAME_PATTERN.source})`);
  return v;
}

/** `t` when it is a tick index. */
export function checkTick(t: unknown): number {
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw new MalformedReportError('t (tick) must be a non-negative integer');
  return t;
}

/** Names found to match NAME_PATTERN: the same few hundred come in every report (bounded like the reader's intern table). */
const CHECKED_NAMES = new Set<string>();
const MAX_CHECKED_NAMES = 65_536;

/** `name` matches NAME_PATTERN (remembered: a body's walk checks the same names every tick). */
export function isName(name: string): boolean {
  if (CHECKED_NAMES.has(name)) return true;
  if (!NAME_PATTERN.test(name)) return false;
  if (CHECKED_NAMES.size >= MAX_CHECKED_NAMES) CHECKED_NAMES.clear();
  CHECKED_NAMES.add(name);
  return true;
}

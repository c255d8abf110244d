import { decodeBinaryReport } from './binary/report-binary-v2';
import type { BinCheck } from './binary/sketch-codec';
import { MalformedReportError } from './errors';
import { CLAIM_VERSION, checkReportClaim, type ReportClaim } from './report-claim';
import { decodeJsonReport } from './report-json-v1';
import type { TickReport } from './report-shape';

/** How much `decodeReport` checks. */
export interface DecodeOptions {
  /**
   * `'now'` (default): every bin of every sketch, before the report is returned. `'on-use'`: the
   * bins of a version-2 report only when they are read, which then throws MalformedReportError
   * — for a reader that reads each bin once anyway and can undo a half-read report (the stats
   * worker's fold plan): it saves a pass over every bin.
   */
  bins?: BinCheck;
}

/**
 * Decodes and validates a job's data, of either version — nodes of a cluster being upgraded one by
 * one ship both for a while; throws MalformedReportError naming what is wrong.
 */
export function decodeReport(data: unknown, options: DecodeOptions = {}): TickReport {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new MalformedReportError('data is not an object');
  const v = (data as { v?: unknown }).v;
  if (v === 2) return decodeBinaryReport(data, options.bins ?? 'now');
  if (v === 1) return decodeJsonReport(data);
  if (v === CLAIM_VERSION) throw new MalformedReportError('a claim (v 3) holds no report: its body is in Redis (decodeJobData)');
  throw new MalformedReportError(`unknown report version ${JSON.stringify(v)}`);
}

/** A job's data decoded: a report it holds (versions 1 and 2), or a claim on a body in Redis (version 3). */
export type DecodedJob = { kind: 'report'; report: TickReport } | { kind: 'claim'; claim: ReportClaim };

/** Decodes and validates a job's data of any version; throws MalformedReportError naming what is wrong. */
export function decodeJobData(data: unknown, options: DecodeOptions = {}): DecodedJob {
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && (data as { v?: unknown }).v === CLAIM_VERSION) {
    return { kind: 'claim', claim: checkReportClaim(data) };
  }
  return { kind: 'report', report: decodeReport(data, options) };
}

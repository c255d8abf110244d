import { decodeBinaryReport } from './binary/report-binary-v2';
import { MalformedReportError } from './errors';
import { decodeJsonReport } from './report-json-v1';
import type { TickReport } from './report-shape';

/**
 * Decodes and validates a job's data, of either version — nodes of a cluster being upgraded one by
 * one ship both for a while; throws MalformedReportError naming what is wrong.
 */
export function decodeReport(data: unknown): TickReport {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new MalformedReportError('data is not an object');
  const v = (data as { v?: unknown }).v;
  if (v === 2) return decodeBinaryReport(data);
  if (v === 1) return decodeJsonReport(data);
  throw new MalformedReportError(`unknown report version ${JSON.stringify(v)}`);
}

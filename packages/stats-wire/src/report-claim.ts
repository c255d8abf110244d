import { checkName, checkTick } from './report-shape';
import { MalformedReportError } from './errors';

/** Job data version of a claim. */
export const CLAIM_VERSION = 3;

/**
 * Version-3 job data: a claim check. The job names the report — group, node, tick — and its body
 * (the raw bytes of a version-2 body, `encodeReportBody`) waits in Redis at
 * `SeriesLayout.bodyKey(node, tick)`. BullMQ's cost grows with a job's size (it stores, copies,
 * returns and parses the data several times: a 41 KB job costs it about three times a small
 * one); the worker instead fetches a batch's bodies with one MGET, as raw bytes, and the fold
 * that counts a report deletes its body.
 */
export interface ReportClaim {
  v: 3;
  /** Cluster group. */
  g: string;
  /** Node name. */
  n: string;
  /** Tick index. */
  t: number;
}

/**
 * How long a body waits for its fold, seconds: the worker refuses ticks older than its dedupe
 * window anyway (2 h by default), and an unfolded body must not stay for ever.
 */
export const REPORT_BODY_TTL_SEC = 7200;

/** The claim of `group`'s `node` at `tick`. */
export function reportClaim(group: string, node: string, tick: number): ReportClaim {
  return { v: CLAIM_VERSION, g: group, n: node, t: tick };
}

/** `data` as a claim (version 3), checked: names and tick, and nothing else in it. */
export function checkReportClaim(data: object): ReportClaim {
  const c = data as Partial<ReportClaim>;
  const extra = Object.keys(data).find((k) => k !== 'v' && k !== 'g' && k !== 'n' && k !== 't');
  if (extra !== undefined) throw new MalformedReportError(`a claim (v 3) has no field ${JSON.stringify(extra.slice(0, 64))}`);
  return reportClaim(checkName(c.g, 'g'), checkName(c.n, 'n'), checkTick(c.t));
}

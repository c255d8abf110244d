import type { ReportClaim, SeriesLayout } from '@gatehouse/stats-wire';
import type { Redis } from 'ioredis';
import { MissingReportBodyError } from '../errors';

/** A claim and its body, raw: read only as it is merged, so no decoded report is built. */
export interface ClaimedBody {
  id: string;
  claim: ReportClaim;
  body: Buffer;
}

/** What became of a batch's claims once their bodies were asked for. */
export interface ClaimedBodies {
  /** Claims whose body was there. */
  bodies: ClaimedBody[];
  /** Claims whose body is gone because a fold counted them (a redelivery after a crash). */
  folded: string[];
  /** Claims whose body is gone and which were never folded. */
  missing: Map<string, MissingReportBodyError>;
  /** Body key suffixes to delete with the fold: every body fetched (folded, duplicate or malformed, none is folded again). */
  bodySuffixes: string[];
}

/**
 * Fetches the bodies of a batch's claims with one MGET, as raw bytes (no base64, no JSON). A body that is gone was either folded — the fold deletes it, so a job delivered
 * again after its worker died between fold and completion finds none — or never folded (expired
 * or lost): the applied set, asked only when a body is missing, tells which.
 */
export async function fetchClaimedBodies(redis: Redis, layout: SeriesLayout, claims: readonly { id: string; claim: ReportClaim }[]): Promise<ClaimedBodies> {
  const out: ClaimedBodies = { bodies: [], folded: [], missing: new Map(), bodySuffixes: [] };
  if (claims.length === 0) return out;
  const keys = claims.map((c) => layout.bodyKey(c.claim.n, c.claim.t));
  const bodies = await redis.mgetBuffer(...keys);
  const gone: number[] = [];
  claims.forEach(({ id, claim }, i) => {
    const body = bodies[i];
    if (body === null || body === undefined) return void gone.push(i);
    out.bodySuffixes.push(keys[i]!.slice(layout.base.length));
    out.bodies.push({ id, claim, body });
  });
  if (gone.length > 0) {
    const scores = await redis.zmscore(layout.appliedKey, ...gone.map((i) => claims[i]!.id));
    gone.forEach((i, j) => {
      const id = claims[i]!.id;
      if (scores[j] !== null && scores[j] !== undefined) out.folded.push(id);
      else out.missing.set(id, new MissingReportBodyError(id, keys[i]!));
    });
  }
  return out;
}

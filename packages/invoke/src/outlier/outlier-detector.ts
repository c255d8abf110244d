import { InvalidArgumentError } from '../errors';

/** Options of passive outlier detection (Envoy's `outlier_detection`, reduced to what callers see). */
export interface OutlierDetectionOptions {
  /** Consecutive failed calls (5xx, connect failure, timeout) that eject an instance. @default 5 */
  consecutiveFailures?: number;
  /** First ejection time; the n-th ejection in a row lasts n × this. @default 30000 */
  baseEjectionMs?: number;
  /** Longest ejection; also the healthy time after which the ejection count starts over. @default 300000 */
  maxEjectionMs?: number;
  /** Largest share of instances ejected at once, 0–100 (at least one may always be ejected when > 0). @default 50 */
  maxEjectedPercent?: number;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
}

/** What the detector knows about one instance. */
export interface OutlierState {
  consecutiveFailures: number;
  /** Ejections in a row (the multiplier of the next ejection time). */
  ejections: number;
  /** Monotonic time the current ejection ends, or undefined when not ejected. */
  ejectedUntil: number | undefined;
}

interface Entry extends OutlierState {
  /** When the last ejection ended (or 0). */
  returnedAt: number;
}

/**
 * Passive health: counts consecutive failures per instance id and ejects an instance that reaches
 * the threshold, for a time that grows with each ejection in a row. An ejected instance returns by
 * itself when its time is up, or earlier through `restore` (a passing active probe). Unlike Kong's
 * passive checks, nothing stays out forever.
 */
export class OutlierDetector {
  private readonly threshold: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly maxPercent: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private ejectedCount = 0;
  private nextReturn = Infinity;
  /** Bumped on every ejection and return, so callers can cache the list of available instances. */
  version = 0;

  constructor(options: OutlierDetectionOptions = {}) {
    this.threshold = positiveInt('consecutiveFailures', options.consecutiveFailures ?? 5);
    this.baseMs = positiveInt('baseEjectionMs', options.baseEjectionMs ?? 30_000);
    this.maxMs = positiveInt('maxEjectionMs', options.maxEjectionMs ?? 300_000);
    if (this.maxMs < this.baseMs) throw new InvalidArgumentError('maxEjectionMs', 'must be >= baseEjectionMs');
    const pct = options.maxEjectedPercent ?? 50;
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) throw new InvalidArgumentError('maxEjectedPercent', 'must be between 0 and 100');
    this.maxPercent = pct;
    this.now = options.now ?? (() => performance.now());
  }

  /** A call on `id` succeeded: its failure streak ends. */
  success(id: string): void {
    const e = this.entries.get(id);
    if (e !== undefined) e.consecutiveFailures = 0;
  }

  /**
   * A call on `id` failed in a way that says something about the instance. `total` is the number
   * of instances the caller balances over (for the ejected-share cap). True when this ejected it.
   */
  failure(id: string, total: number): boolean {
    this.expire();
    let e = this.entries.get(id);
    if (e === undefined) {
      e = { consecutiveFailures: 0, ejections: 0, ejectedUntil: undefined, returnedAt: 0 };
      this.entries.set(id, e);
    }
    e.consecutiveFailures++;
    if (e.ejectedUntil !== undefined || e.consecutiveFailures < this.threshold) return false;
    const cap = this.maxPercent === 0 ? 0 : Math.max(1, Math.floor((total * this.maxPercent) / 100));
    if (this.ejectedCount >= cap) return false;
    const now = this.now();
    if (e.ejections > 0 && now - e.returnedAt >= this.maxMs) e.ejections = 0;
    e.ejections++;
    e.ejectedUntil = now + Math.min(this.maxMs, this.baseMs * e.ejections);
    e.consecutiveFailures = 0;
    this.ejectedCount++;
    if (e.ejectedUntil < this.nextReturn) this.nextReturn = e.ejectedUntil;
    this.version++;
    return true;
  }

  /** True while `id` is ejected. */
  isEjected(id: string): boolean {
    this.expire();
    return this.entries.get(id)?.ejectedUntil !== undefined;
  }

  /** Ends an ejection early (an active probe passed). True when `id` was ejected. */
  restore(id: string): boolean {
    const e = this.entries.get(id);
    if (e?.ejectedUntil === undefined) return false;
    this.release(e, this.now());
    this.recomputeNextReturn();
    return true;
  }

  /** Instances ejected right now. */
  ejected(): number {
    this.expire();
    return this.ejectedCount;
  }

  /** State of `id` (a copy), for statistics and the admin API. */
  state(id: string): OutlierState {
    this.expire();
    const e = this.entries.get(id);
    return e === undefined
      ? { consecutiveFailures: 0, ejections: 0, ejectedUntil: undefined }
      : { consecutiveFailures: e.consecutiveFailures, ejections: e.ejections, ejectedUntil: e.ejectedUntil };
  }

  /** Forgets instances that are gone (registry changes), so the map stays bounded. */
  retain(ids: ReadonlySet<string>): void {
    let changed = false;
    for (const [id, e] of this.entries) {
      if (ids.has(id)) continue;
      if (e.ejectedUntil !== undefined) {
        this.ejectedCount--;
        changed = true;
      }
      this.entries.delete(id);
    }
    if (changed) {
      this.recomputeNextReturn();
      this.version++;
    }
  }

  /** Returns instances whose ejection time is up; cheap when none is due. */
  private expire(): void {
    if (this.nextReturn === Infinity) return;
    const now = this.now();
    if (now < this.nextReturn) return;
    for (const e of this.entries.values()) if (e.ejectedUntil !== undefined && e.ejectedUntil <= now) this.release(e, now);
    this.recomputeNextReturn();
  }

  private release(e: Entry, now: number): void {
    e.ejectedUntil = undefined;
    e.returnedAt = now;
    e.consecutiveFailures = 0;
    this.ejectedCount--;
    this.version++;
  }

  private recomputeNextReturn(): void {
    let next = Infinity;
    for (const e of this.entries.values()) if (e.ejectedUntil !== undefined && e.ejectedUntil < next) next = e.ejectedUntil;
    this.nextReturn = next;
  }
}

function positiveInt(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(field, `must be a positive integer, got ${String(v)}`);
  return v;
}

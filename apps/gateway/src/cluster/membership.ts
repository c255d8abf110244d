import type { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '../engine/clock';
import type { Logger } from '../engine/logger';

/** What a node says about itself in every heartbeat. */
export interface MemberRecord {
  name: string;
  group: string;
  mode: 'write' | 'read';
  /** Base URL of its admin plane. */
  endpoint: string;
  /** Sequence number of the last operation it applied. */
  applied_seq: number;
  /** False while it cannot serve its config (booting, or stuck on a malformed operation). */
  ready: boolean;
  /** Why it needs an operator, if it does (a malformed operation, a failed mirror write). */
  alarm: string | null;
  started_at: string;
  pid: number;
}

/** A member as the cluster health API shows it. */
export interface MemberView extends MemberRecord {
  alive: boolean;
  /** Milliseconds since its last heartbeat. */
  last_seen_ms: number;
}

/** Membership tuning. */
export interface MembershipOptions {
  /** @default 2000 */
  heartbeatMs?: number;
  /** A member whose heartbeat is older than this is failed. @default 3 × heartbeatMs */
  ttlMs?: number;
  /** Failed members are listed this long, then forgotten. @default 1 hour */
  forgetAfterMs?: number;
  /** @default "gatehouse:cluster:" */
  prefix?: string;
}

function keys(prefix: string, group: string): { index: string; member: (name: string) => string } {
  const base = `${prefix}{${group}}:`;
  return { index: `${base}members`, member: (name) => `${base}member:${name}` };
}

/**
 * Cluster membership on Redis instead of gossip: each node writes its record under a key that
 * expires (`SET … PX ttl`) every heartbeat and right after it applies an operation, and notes the
 * time in a per-group sorted set. A record that expired is a failed member until it is forgotten.
 */
export class Membership {
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;
  private readonly forgetAfterMs: number;
  private readonly prefix: string;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly self: () => MemberRecord,
    private readonly clock: Clock,
    private readonly logger: Logger,
    opts: MembershipOptions = {},
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 2000;
    this.ttlMs = opts.ttlMs ?? 3 * this.heartbeatMs;
    this.forgetAfterMs = opts.forgetAfterMs ?? 3_600_000;
    this.prefix = opts.prefix ?? 'gatehouse:cluster:';
  }

  /** Starts heartbeating (the first one at once). */
  start(): void {
    this.stopped = false;
    this.tick();
  }

  /** Sends a heartbeat now; errors (Redis down) are logged at debug and retried next beat. */
  async beat(): Promise<void> {
    const me = this.self();
    const k = keys(this.prefix, me.group);
    try {
      await this.redis
        .multi()
        .set(k.member(me.name), JSON.stringify(me), 'PX', this.ttlMs)
        .zadd(k.index, Date.now(), me.name)
        .zremrangebyscore(k.index, '-inf', Date.now() - this.forgetAfterMs)
        .exec();
    } catch (err) {
      this.logger.debug({ err }, 'cluster heartbeat failed');
    }
  }

  /** Every member of `group` heard from within the forget window, alive ones first. */
  async members(group: string): Promise<MemberView[]> {
    const k = keys(this.prefix, group);
    const entries = await this.redis.zrange(k.index, 0, -1, 'WITHSCORES');
    const names: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < entries.length; i += 2) {
      names.push(entries[i]!);
      seen.set(entries[i]!, Number(entries[i + 1]));
    }
    if (names.length === 0) return [];
    const records = await this.redis.mget(...names.map(k.member));
    const now = Date.now();
    return names
      .map((name, i): MemberView => {
        const text = records[i];
        const lastSeen = now - (seen.get(name) ?? 0);
        const rec = text ? safeParse(text) : undefined;
        return rec
          ? { ...rec, alive: true, last_seen_ms: lastSeen }
          : { name, group, mode: 'read', endpoint: '', applied_seq: 0, ready: false, alarm: null, started_at: '', pid: 0, alive: false, last_seen_ms: lastSeen };
      })
      .sort((a, b) => Number(b.alive) - Number(a.alive) || a.name.localeCompare(b.name));
  }

  /** Stops heartbeating and removes this node's record: a graceful leave. */
  async leave(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const me = this.self();
    const k = keys(this.prefix, me.group);
    await this.redis
      .multi()
      .del(k.member(me.name))
      .zrem(k.index, me.name)
      .exec()
      .catch(() => undefined);
  }

  private tick(): void {
    if (this.stopped) return;
    void this.beat().finally(() => {
      if (!this.stopped) this.timer = this.clock.setTimeout(() => this.tick(), this.heartbeatMs);
    });
  }
}

function safeParse(text: string): MemberRecord | undefined {
  try {
    const v = JSON.parse(text) as MemberRecord;
    return typeof v === 'object' && v !== null && typeof v.name === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

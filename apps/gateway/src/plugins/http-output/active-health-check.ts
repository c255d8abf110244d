import type { Clock, TimerHandle } from '../../engine/clock';
import type { Logger } from '../../engine/logger';
import type { HealthCheckConfig } from './schema';
import type { Instance, Upstream } from './upstream';

/** Consecutive probe results of one instance. */
interface Streak {
  passes: number;
  fails: number;
}

/**
 * Active health checks: every `interval_sec`, a GET of `path` on each instance through its own
 * pool; a 2xx within `timeout_sec` passes. `unhealthy_threshold` failures in a row take an
 * instance out of rotation, `healthy_threshold` passes in a row bring it back, so a restarted
 * backend returns within interval × healthy_threshold. A passing probe also ends a passive
 * ejection early. Rounds start every interval on the injectable clock; a round never overlaps the previous one.
 */
export class ActiveHealthCheck {
  private readonly streaks = new WeakMap<Instance, Streak>();
  private timer: TimerHandle | undefined;
  private closed = false;
  private round: Promise<void> | undefined;

  constructor(
    private readonly c: Readonly<HealthCheckConfig>,
    private readonly upstream: Upstream,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Probes every instance once now (also what each timer tick does). Resolves when all answered. */
  probeAll(): Promise<void> {
    if (this.round !== undefined) return this.round;
    const round = Promise.all(this.upstream.all().map((i) => this.probe(i))).then(() => undefined);
    this.round = round.finally(() => (this.round = undefined));
    return this.round;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      // The next round is due one interval after this one starts, not after it ends, so slow
      // probes do not stretch the cadence; a round still running when the next is due is joined.
      this.timer = undefined;
      this.schedule();
      this.probeAll().catch((err: unknown) => this.logger.error({ err }, 'health check round failed'));
    }, this.c.interval_sec * 1000);
  }

  private async probe(inst: Instance): Promise<void> {
    const passed = await this.passes(inst);
    if (this.closed) return;
    let s = this.streaks.get(inst);
    if (s === undefined) {
      s = { passes: 0, fails: 0 };
      this.streaks.set(inst, s);
    }
    if (passed) {
      s.passes++;
      s.fails = 0;
    } else {
      s.fails++;
      s.passes = 0;
    }
    const healthy = inst.healthy ? s.fails < this.c.unhealthy_threshold : s.passes >= this.c.healthy_threshold;
    this.upstream.setHealthy(inst, healthy, passed && healthy);
  }

  private async passes(inst: Instance): Promise<boolean> {
    const ac = new AbortController();
    const ms = this.c.timeout_sec * 1000;
    const timer = this.clock.setTimeout(() => ac.abort(new Error('health check timed out')), ms);
    try {
      const res = await inst.pool.request({ path: this.c.path, method: 'GET', signal: ac.signal, headersTimeout: ms, bodyTimeout: ms });
      await res.body.dump();
      return res.statusCode >= 200 && res.statusCode < 300;
    } catch {
      return false;
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}

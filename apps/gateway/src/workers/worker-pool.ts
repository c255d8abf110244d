import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import type { Gateway, LiveChange } from '../engine/gateway';
import type { StoredConfig } from '../config-store/config-store';
import type { Logger } from '../engine/logger';
import { TICK_SECONDS } from '../engine/statistics/meter';
import { GatewayError } from '../errors';
import { isMessage, type ToPrimary, type ToWorker } from './ipc-messages';
import { WorkerIndicators, type WorkerIndicatorFigures } from './worker-indicators';
import { WorkerStatistics, type WorkerStatisticsFigures } from './worker-statistics';

/** One worker as `GET /admin/v1/workers` shows it. */
export interface WorkerView {
  id: number;
  pid: number | undefined;
  state: 'starting' | 'ready' | 'draining';
  /** Sequence number of the last operation the worker applied. */
  applied_seq: number;
  started_at: string;
  /** Why its last operation failed, or null. */
  alarm: string | null;
}

/** Tuning of the pool; tests shorten the waits. */
export interface WorkerPoolOptions {
  size: number;
  /** What a worker gets to finish its requests when it drains. */
  drainTimeoutMs: number;
  /** Longest a new worker may take to serve. @default 30 s */
  startTimeoutMs?: number;
  /** Wait before replacing a crashed worker. @default 1 s */
  restartDelayMs?: number;
  /** Crashes within a minute after which crashed workers are no longer replaced (a crash loop). @default 10 */
  maxCrashesPerMinute?: number;
}

interface Tracked {
  worker: Worker;
  view: WorkerView;
  ready: Promise<void>;
  /** Set when the pool itself retires it (drain): its exit is no crash. */
  retiring: boolean;
}

/**
 * The primary's side of `GATEWAY_WORKERS` (`node:cluster`): forks `size` data-plane workers that
 * share the listening ports, sends each the config and then every change as it goes live (the
 * primary follows its store or the cluster log; workers follow the primary), replaces a worker
 * that crashes, and restarts them one at a time — a new one serves before an old one drains, so
 * a rolling restart never drops a request.
 */
export class WorkerPool {
  private readonly workers = new Map<number, Tracked>();
  private readonly crashes: number[] = [];
  private rolling: Promise<WorkerView[]> | undefined;
  private stopping = false;
  private unsubscribe: (() => void) | undefined;
  /** The workers' statistics, absorbed into the primary's after each of their ticks. */
  private readonly statistics: WorkerStatistics;
  /** The workers' plugin indicator values, which the primary answers with instead of its own. */
  private readonly indicators: WorkerIndicators;

  constructor(
    private readonly gateway: Gateway,
    private readonly logger: Logger,
    private readonly opts: WorkerPoolOptions,
  ) {
    this.statistics = new WorkerStatistics(gateway.statistics, logger);
    this.indicators = new WorkerIndicators(logger);
    // This process runs the pipelines (the model, the admin plane) but the workers own the
    // sockets: its plugin instances see no request, so their indicators would read idle.
    gateway.statistics.readIndicatorsFrom(this.indicators);
  }

  /** Forks the workers; resolves once all of them serve. */
  async start(): Promise<void> {
    cluster.setupPrimary({ exec: join(__dirname, 'worker-entry.js') });
    this.unsubscribe = this.gateway.onChange((c) => this.broadcast(c));
    await Promise.all(Array.from({ length: this.opts.size }, () => this.fork().ready));
  }

  /** True while at least one worker serves. */
  get serving(): boolean {
    return [...this.workers.values()].some((t) => t.view.state === 'ready');
  }

  /** Statistics reports and indicator values of the workers absorbed and refused (`/metrics`). */
  statisticsFigures(): WorkerStatisticsFigures & { indicators: WorkerIndicatorFigures } {
    return { ...this.statistics.figures(), indicators: this.indicators.figures() };
  }

  list(): WorkerView[] {
    return [...this.workers.values()].map((t) => ({ ...t.view }));
  }

  /** Restarts every worker, one at a time; concurrent calls share the restart in progress. */
  rollingRestart(): Promise<WorkerView[]> {
    return (this.rolling ??= this.rollAll().finally(() => {
      this.rolling = undefined;
    }));
  }

  /** Drains every worker at once and resolves when all have exited (killed after the drain timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    await Promise.all([...this.workers.values()].map((t) => this.retire(t)));
  }

  private async rollAll(): Promise<WorkerView[]> {
    for (const old of [...this.workers.values()]) {
      if (this.stopping) break;
      if (!this.workers.has(old.worker.id)) continue; // crashed and replaced meanwhile
      const fresh = this.fork();
      try {
        await fresh.ready;
      } catch (err) {
        await this.retire(fresh);
        throw new GatewayError('GW_SERVICE_UNAVAILABLE', `rolling restart stopped: a new worker did not start (${(err as Error).message}); the old ones keep serving`, { cause: err });
      }
      await this.retire(old);
    }
    return this.list();
  }

  private fork(): Tracked {
    const worker = cluster.fork();
    const view: WorkerView = { id: worker.id, pid: worker.process.pid, state: 'starting', applied_seq: 0, started_at: new Date().toISOString(), alarm: null };
    let resolveReady!: () => void;
    let rejectReady!: (err: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    ready.catch(() => undefined);
    const tracked: Tracked = { worker, view, ready, retiring: false };
    this.workers.set(worker.id, tracked);
    const timer = setTimeout(() => rejectReady(new Error(`worker ${worker.id} did not serve within ${this.opts.startTimeoutMs ?? 30_000} ms`)), this.opts.startTimeoutMs ?? 30_000);
    worker.on('message', (m: unknown) => {
      if (!isMessage<ToPrimary>(m)) return;
      if (m.t === 'gh:ready') {
        clearTimeout(timer);
        view.state = 'ready';
        view.applied_seq = m.seq;
        resolveReady();
      } else if (m.t === 'gh:applied') {
        view.applied_seq = m.seq;
        view.alarm = null;
      } else if (m.t === 'gh:failed') {
        view.alarm = `operation ${m.seq} failed: ${m.message}`;
      } else if (m.t === 'gh:stats') {
        if (m.report !== null) this.statistics.receive(worker.id, m.report);
        this.indicators.receive(worker.id, m.indicators);
      } else {
        // gh:hello (a new worker listens) or gh:resync (it saw a gap): the whole state.
        void this.gateway.withState((config, seq) => this.send(worker, this.configMessage(seq, config)));
      }
    });
    worker.on('exit', (code, signal) => {
      clearTimeout(timer);
      rejectReady(new Error(`worker ${worker.id} exited (${signal ?? code})`));
      this.workers.delete(worker.id);
      this.indicators.forget(worker.id);
      if (tracked.retiring || this.stopping) return;
      this.logger.error({ worker: worker.id, pid: view.pid, code, signal }, 'data-plane worker crashed; replacing it');
      this.replaceCrashed();
    });
    return tracked;
  }

  private replaceCrashed(): void {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && this.crashes[0]! < now - 60_000) this.crashes.shift();
    if (this.crashes.length > (this.opts.maxCrashesPerMinute ?? 10)) {
      this.logger.error({ crashes: this.crashes.length }, 'workers crash in a loop; no longer replacing them');
      return;
    }
    setTimeout(() => {
      if (!this.stopping) this.fork().ready.catch((err: unknown) => this.logger.error({ err }, 'replacement worker did not start'));
    }, this.opts.restartDelayMs ?? 1000).unref();
  }

  /** Tells `t` to drain and waits for its exit; kills it when it outlives the drain timeout. */
  private retire(t: Tracked): Promise<void> {
    t.retiring = true;
    t.view.state = 'draining';
    if (t.worker.isDead()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const kill = setTimeout(() => t.worker.process.kill('SIGKILL'), this.opts.drainTimeoutMs + 5000);
      t.worker.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      this.send(t.worker, { t: 'gh:drain' });
    });
  }

  private broadcast(c: LiveChange): void {
    const m: ToWorker = c.kind === 'operation' ? { t: 'gh:op', seq: c.seq, op: c.op } : this.configMessage(c.seq, c.config);
    for (const t of this.workers.values()) if (!t.retiring) this.send(t.worker, m);
  }

  /** The whole state, and when the worker's statistics tick: half a period before the primary's. */
  private configMessage(seq: number, config: StoredConfig): ToWorker {
    return { t: 'gh:config', seq, config, statsTickInMs: this.gateway.statistics.msUntilTick() + (TICK_SECONDS * 1000) / 2 };
  }

  private send(worker: Worker, m: ToWorker): void {
    if (!worker.isConnected()) return;
    worker.send(m, (err: Error | null) => {
      if (err) this.logger.warn({ err, worker: worker.id }, 'message to a worker was not delivered');
    });
  }
}

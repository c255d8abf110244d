import pino from 'pino';
import { DEFAULT_DRAIN_TIMEOUT_SEC, drainTimeoutFromEnv, logLevelFromEnv, statisticsFromEnv } from '../process-env';
import { Gateway } from '../engine/gateway';
import { MapServiceDirectory } from '../engine/service-directory';
import { openAccessLogDestination } from '../plugins/http-server/access-log/access-log-destination';
import { ACCESS_LOG_SERVICE, AccessLogSink } from '../plugins/http-server/access-log/access-log-sink';
import type { Logger } from '../engine/logger';
import { builtinPlugins } from '../plugins';
import { isMessage, type ToWorker } from './ipc-messages';
import { ReplicaStateStore } from './replica-state-store';
import { WorkerTickReports, type SendToPrimary } from './worker-tick-reports';

/**
 * One data-plane worker of `GATEWAY_WORKERS` (a `node:cluster` worker): it has no admin plane and
 * no store of its own. It starts from the state the primary sends, then applies the primary's
 * operations in order (asking for the whole state again after a gap); its HTTPServer listeners
 * share the ports through the primary. After each statistics tick it sends the tick's delta to
 * the primary, which aggregates the host's statistics. Told to drain (rolling restart) or sent
 * SIGTERM, it stops accepting, finishes what is in flight, sends its last delta, and exits 0.
 */
export class DataPlaneWorker {
  private gateway: Gateway | undefined;
  private chain: Promise<void> = Promise.resolve();
  private draining: Promise<void> | undefined;
  private accessLog: AccessLogSink | undefined;
  private tickReports: WorkerTickReports | undefined;

  constructor(
    private readonly send: SendToPrimary,
    private readonly logger: Logger,
    private readonly opts: { drainTimeoutMs: number; statistics: boolean; accessLogFile?: string },
  ) {}

  /** Handles one message from the primary, in arrival order. */
  receive(m: unknown): void {
    if (!isMessage<ToWorker>(m)) return;
    if (m.t === 'gh:drain') {
      void this.drain();
      return;
    }
    this.chain = this.chain.then(() => this.handle(m)).catch((err: unknown) => this.logger.error({ err }, 'worker failed to follow the primary'));
  }

  private async handle(m: Exclude<ToWorker, { t: 'gh:drain' }>): Promise<void> {
    if (this.draining) return;
    if (m.t === 'gh:config') {
      if (this.gateway === undefined) {
        const services = new MapServiceDirectory();
        // Every worker appends its own lines (O_APPEND) to the file the primary was given.
        services.provide(ACCESS_LOG_SERVICE, () => (this.accessLog = new AccessLogSink(openAccessLogDestination(this.opts.accessLogFile))));
        const gw = new Gateway({ store: new ReplicaStateStore(m.config, m.seq), plugins: builtinPlugins, logger: this.logger, statistics: this.opts.statistics, services });
        gw.statistics.alignTicks(m.statsTickInMs);
        this.tickReports = new WorkerTickReports(gw.statistics, this.send);
        await gw.start();
        this.gateway = gw;
        this.send({ t: 'gh:ready', seq: gw.sequence });
      } else if (m.seq > this.gateway.sequence || m.seq === 0) {
        await this.gateway.reconcile(m.seq, m.config);
        this.send({ t: 'gh:applied', seq: this.gateway.sequence });
      }
      return;
    }
    const gw = this.gateway;
    if (gw === undefined || m.seq <= gw.sequence) return; // before the first state, or already in it
    if (m.seq !== gw.sequence + 1) {
      this.send({ t: 'gh:resync', seq: gw.sequence });
      return;
    }
    try {
      await gw.apply({ seq: m.seq, op: m.op });
      this.send({ t: 'gh:applied', seq: m.seq });
    } catch (err) {
      this.logger.error({ err, sequence: m.seq }, 'worker cannot apply an operation; keeping its last config');
      this.send({ t: 'gh:failed', seq: m.seq, message: (err as Error).message });
    }
  }

  /** Stops accepting, lets requests in flight finish (bounded), stops the engine. Idempotent. */
  drain(): Promise<void> {
    return (this.draining ??= (async () => {
      const gw = this.gateway;
      if (gw !== undefined) {
        await gw.drain(this.opts.drainTimeoutMs);
        // The samples since the last tick, so a rolling restart loses none of the host's figures.
        await this.tickReports?.flush();
        await gw.stop();
      }
      this.accessLog?.close();
    })());
  }
}

/** `dist/workers/worker-entry.js`: runs a worker in this process and exits 0 once drained. */
export function runWorker(): void {
  const logger = pino({ name: 'gatehouse-worker', level: logLevelFromEnv() }).child({ worker: process.pid });
  // A failed send means the primary is gone; 'disconnect' below stops the worker.
  const send: SendToPrimary = (m, sent) => {
    if (process.send === undefined) sent?.();
    else process.send(m, undefined, undefined, () => sent?.());
  };
  const worker = new DataPlaneWorker(send, logger, {
    drainTimeoutMs: drainTimeoutFromEnv() ?? DEFAULT_DRAIN_TIMEOUT_SEC * 1000,
    statistics: statisticsFromEnv() ?? true,
    ...(process.env['GATEWAY_ACCESS_LOG_FILE'] ? { accessLogFile: process.env['GATEWAY_ACCESS_LOG_FILE'] } : {}),
  });
  process.on('message', (m) => worker.receive(m));
  const stop = (): void => {
    worker.drain().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'worker stop failed');
        process.exit(1);
      },
    );
  };
  process.on('message', (m) => {
    if (isMessage<ToWorker>(m) && m.t === 'gh:drain') stop();
  });
  // Ctrl-C reaches the whole process group; the primary drains the workers itself.
  process.on('SIGINT', () => undefined);
  process.once('SIGTERM', stop);
  // The primary is gone (killed): nothing will tell this worker its config any more.
  process.once('disconnect', stop);
  send({ t: 'gh:hello' });
}

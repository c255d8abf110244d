import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { createAdminApp } from './admin/admin-app.factory';
import type { ReadyState } from './admin/admin.tokens';
import { loadOrCreateAdminKey } from './admin-key-file';
import type { ConfigStore } from './config-store/config-store';
import { FileConfigStore } from './config-store/file-config-store';
import { Gateway } from './engine/gateway';
import { ClusterAdmin } from './cluster/cluster-admin';
import { ClusterNode } from './cluster/cluster-node';
import { clusterOptionsFromEnv, type ClusterOptions } from './cluster/cluster-options';
import { SecretSealer } from './cluster/secret-sealer';
import { LISTENERS_SERVICE, ListenerRegistry } from './plugins/http-server/listeners';
import { WorkerPool } from './workers/worker-pool';
import { workersFromEnv } from './workers/workers-options';
import { systemClock, type Clock } from './engine/clock';
import { MapServiceDirectory } from './engine/service-directory';
import { openAccessLogDestination } from './plugins/http-server/access-log/access-log-destination';
import { ACCESS_LOG_SERVICE, AccessLogSink } from './plugins/http-server/access-log/access-log-sink';
import type { Logger } from './engine/logger';
import type { PluginDescriptor } from './engine/types';
import { GatewayError } from './errors';
import { DEFAULT_DRAIN_TIMEOUT_SEC, drainTimeoutFromEnv, statisticsFromEnv } from './process-env';

export { DEFAULT_DRAIN_TIMEOUT_SEC, logLevelFromEnv, MAX_DRAIN_TIMEOUT_SEC, type LogLevel } from './process-env';
import { builtinPlugins } from './plugins';
import { startStatsShipping } from './stats-shipping/stats-shipping';
import { openClusterStatistics } from './cluster-statistics/open-cluster-statistics';
import { statsShippingOptionsFromEnv, type StatsShippingOptions } from './stats-shipping/stats-shipping-options';

/** How to start a gateway; `optionsFromEnv` reads them from `GATEWAY_*` variables. */
export interface BootstrapOptions {
  /** Admin plane address; forced to 127.0.0.1 when no API key is set. @default "127.0.0.1" */
  adminHost?: string;
  /** Admin plane port; 0 picks a free one. @default 9090 */
  adminPort?: number;
  /** Where plugins.json and pipelines.json live. @default "./data" */
  dataDir?: string;
  /** Key admin routes require. @default undefined (no key, loopback only) */
  apiKey?: string;
  /** File holding the key (instead of `apiKey`); generated with mode 0600 when missing. @default undefined */
  apiKeyFile?: string;
  /** Replaces the file store (tests). @default FileConfigStore(dataDir) */
  store?: ConfigStore;
  /** Plugin kinds. @default builtinPlugins */
  plugins?: readonly PluginDescriptor[];
  /** @default pino to stdout at level "info" */
  logger?: Logger;
  /** Time source of the engine and its statistics (tests pass a ManualClock). @default systemClock */
  clock?: Clock;
  /** Time requests into the statistics (`GATEWAY_STATISTICS=off` turns it off). @default true */
  statistics?: boolean;
  /** Cluster membership (`GATEWAY_CLUSTER_*`). @default undefined: the embedded mode */
  cluster?: ClusterOptions;
  /** Ship per-tick statistics to the stats worker (`GATEWAY_STATS_REDIS_URL`, or the cluster's Redis). @default undefined: off */
  statsShipping?: StatsShippingOptions;
  /** The admin URL other nodes and the CLI reach this node at (`GATEWAY_ADVERTISE_URL`). @default the bound admin URL */
  advertiseUrl?: string;
  /** Longest a graceful stop waits for requests in flight (`GATEWAY_DRAIN_TIMEOUT_SEC`). @default 30 s */
  drainTimeoutMs?: number;
  /**
   * Data-plane processes (`GATEWAY_WORKERS`); above 1 this process keeps the admin plane and the
   * config and forks that many workers that share the listening ports. @default 1
   */
  workers?: number;
  /** File the HTTPServers' access logs append to (`GATEWAY_ACCESS_LOG_FILE`; "-" is stdout). @default stdout */
  accessLogFile?: string;
}

/** A started gateway: engine (data plane) plus the listening admin plane. */
export interface RunningGateway {
  gateway: Gateway;
  app: NestExpressApplication;
  /** e.g. `http://127.0.0.1:9090` */
  adminUrl: string;
  /** The data-plane workers, with `workers` > 1. */
  workers?: WorkerPool;
  /** Stops the admin plane, then the engine. Idempotent. */
  close(): Promise<void>;
  /**
   * A graceful stop: readiness answers 503, the data plane stops accepting and lets requests in
   * flight (and queued ones) finish within the drain timeout, then `close`. Idempotent.
   */
  drain(): Promise<void>;
}



const LOOPBACK = '127.0.0.1';

/**
 * Bootstrap options from `GATEWAY_ADMIN_HOST`, `GATEWAY_ADMIN_PORT`, `GATEWAY_DATA_DIR`,
 * `GATEWAY_ADMIN_API_KEY` and `GATEWAY_ADMIN_API_KEY_FILE` (not both), and `GATEWAY_STATISTICS`.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): BootstrapOptions {
  const opts: BootstrapOptions = {};
  if (env['GATEWAY_ADMIN_HOST']) opts.adminHost = env['GATEWAY_ADMIN_HOST'];
  const port = env['GATEWAY_ADMIN_PORT'];
  if (port !== undefined && port !== '') {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new GatewayError(
        'GW_BAD_REQUEST',
        `GATEWAY_ADMIN_PORT must be a port number 0-65535, got ${JSON.stringify(port)}`,
        {
          field: 'GATEWAY_ADMIN_PORT',
        },
      );
    }
    opts.adminPort = n;
  }
  if (env['GATEWAY_DATA_DIR']) opts.dataDir = env['GATEWAY_DATA_DIR'];
  if (env['GATEWAY_ACCESS_LOG_FILE']) opts.accessLogFile = env['GATEWAY_ACCESS_LOG_FILE'];
  const cluster = clusterOptionsFromEnv(env, opts.adminPort ?? 9090);
  if (cluster) opts.cluster = cluster;
  const shipping = statsShippingOptionsFromEnv(env, opts.adminPort ?? 9090, cluster);
  if (shipping) opts.statsShipping = shipping;
  const advertise = env['GATEWAY_ADVERTISE_URL'];
  if (advertise !== undefined && advertise !== '') {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(advertise)) {
      throw new GatewayError('GW_BAD_REQUEST', `GATEWAY_ADVERTISE_URL must be an http(s) origin such as http://gw-2:9090, got ${JSON.stringify(advertise)}`, {
        field: 'GATEWAY_ADVERTISE_URL',
      });
    }
    opts.advertiseUrl = advertise.replace(/\/$/, '');
  }
  const drainTimeoutMs = drainTimeoutFromEnv(env);
  if (drainTimeoutMs !== undefined) opts.drainTimeoutMs = drainTimeoutMs;
  const workers = workersFromEnv(env);
  if (workers > 1) opts.workers = workers;
  const statistics = statisticsFromEnv(env);
  if (statistics !== undefined) opts.statistics = statistics;
  if (env['GATEWAY_ADMIN_API_KEY']) opts.apiKey = env['GATEWAY_ADMIN_API_KEY'];
  if (env['GATEWAY_ADMIN_API_KEY_FILE']) {
    if (opts.apiKey !== undefined) {
      throw new GatewayError('GW_BAD_REQUEST', 'set GATEWAY_ADMIN_API_KEY or GATEWAY_ADMIN_API_KEY_FILE, not both', {
        field: 'GATEWAY_ADMIN_API_KEY_FILE',
      });
    }
    opts.apiKeyFile = env['GATEWAY_ADMIN_API_KEY_FILE'];
  }
  return opts;
}

/**
 * Starts the gateway: loads the stored config into the engine (plugins, then pipelines — a
 * corrupt file rejects with GW_CONFIG_CORRUPT naming file:line:column), then opens the admin
 * plane. Without an API key the admin plane binds 127.0.0.1 whatever `adminHost` says.
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? pino({ name: 'gatehouse' });
  const dataDir = options.dataDir ?? './data';
  let apiKey = options.apiKey === '' ? undefined : options.apiKey;
  if (apiKey === undefined && options.apiKeyFile) {
    const fromFile = loadOrCreateAdminKey(options.apiKeyFile);
    apiKey = fromFile.key;
    // Printed once, when made: the file keeps it for the next starts.
    if (fromFile.generated) {
      logger.warn({ file: options.apiKeyFile, adminApiKey: apiKey }, 'generated an admin API key (printed once; kept in the file)');
    }
  }
  const clock = options.clock ?? systemClock;
  const plugins = options.plugins ?? builtinPlugins;
  const withWorkers = (options.workers ?? 1) > 1;
  const sealer = new SecretSealer(options.cluster?.secretKey, (type) => plugins.find((d) => d.kind === type)?.schema);
  const node = options.cluster ? new ClusterNode({ ...options.cluster, dataDir, clock, logger, sealer }) : undefined;
  const store = options.store ?? node?.store() ?? new FileConfigStore(dataDir);
  const services = new MapServiceDirectory();
  let accessLog: AccessLogSink | undefined;
  // Opened only when an HTTPServer turns its access log on.
  // With workers, this process keeps the model and the admin plane; the workers own the sockets.
  if (withWorkers) services.provide(LISTENERS_SERVICE, () => new ListenerRegistry(false));
  services.provide(ACCESS_LOG_SERVICE, () => (accessLog = new AccessLogSink(openAccessLogDestination(options.accessLogFile))));
  const gateway = new Gateway({
    services,
    store,
    plugins,
    logger,
    statistics: options.statistics ?? true,
    clock,
    ...(options.store ? {} : { dataDir }),
  });
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_SEC * 1000;
  const pool = withWorkers ? new WorkerPool(gateway, logger, { size: options.workers!, drainTimeoutMs }) : undefined;
  await gateway.start();

  let host = options.adminHost ?? LOOPBACK;
  if (apiKey === undefined) {
    if (host !== LOOPBACK) {
      logger.warn(
        { requestedHost: host },
        `GATEWAY_ADMIN_API_KEY is not set: ignoring admin host ${host} and binding ${LOOPBACK} only`,
      );
    }
    host = LOOPBACK;
    logger.warn(
      'admin API key not set: the admin plane asks for no key and listens on 127.0.0.1 only',
    );
  }

  const port = options.adminPort ?? 9090;
  let draining = false;
  const nodeReadiness = node
    ? (): ReadyState => {
        const st = node.snapshotState();
        return { ready: st.ready, sequence: st.applied_seq, reason: st.log_unreachable ? 'the cluster log is unreachable and no config is on disk' : 'catching up with the cluster log' };
      }
    : (): ReadyState => ({ ready: true, sequence: gateway.sequence });
  // A stopping node leaves the load balancer's pool before its listeners close.
  const readiness = (): ReadyState => {
    if (draining) return { ready: false, sequence: gateway.sequence, reason: 'the gateway is stopping' };
    if (pool && !pool.serving) return { ready: false, sequence: gateway.sequence, reason: 'no data-plane worker serves yet' };
    return nodeReadiness();
  };
  const clusterStats = options.statsShipping ? openClusterStatistics(options.statsShipping.redisUrl, options.statsShipping.keyPrefix) : undefined;
  const shipping = options.statsShipping ? startStatsShipping(gateway, options.statsShipping, clock, logger) : undefined;
  let app: NestExpressApplication | undefined;
  try {
    app = await createAdminApp({
      gateway,
      apiKey,
      logger,
      readiness,
      ...(node ? { cluster: new ClusterAdmin(node, gateway, clock) } : {}),
      ...(pool ? { workers: pool } : {}),
      ...(clusterStats ? { clusterStatistics: clusterStats.query } : {}),
      ...(shipping ? { statsShipping: () => shipping.figures() } : {}),
    });
    await app.listen(port, host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    clusterStats?.close();
    await shipping?.close();
    await gateway.stop();
    accessLog?.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new GatewayError(
        'GW_LISTEN_FAILED',
        `admin plane cannot listen on ${host}:${port}: ${code}`,
        {
          field: 'GATEWAY_ADMIN_PORT',
          cause: err,
        },
      );
    }
    throw err;
  }
  const addr = app.getHttpServer().address() as AddressInfo;
  const adminUrl = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  logger.info(
    { adminUrl, dataDir: options.store ? undefined : dataDir, apiKey: apiKey !== undefined },
    'gateway admin plane listening',
  );
  if (node) {
    await node.attach(gateway, options.advertiseUrl ?? adminUrl);
    logger.info({ group: node.group, mode: node.mode, node: node.name }, 'joined the cluster group');
  }
  if (pool) {
    try {
      await pool.start();
    } catch (err) {
      await pool.stop();
      await app.close();
      await node?.close();
      await gateway.stop();
      throw err;
    }
    logger.info({ workers: options.workers }, 'data-plane workers serving');
  }

  if (options.statsShipping) logger.info({ group: options.statsShipping.group, node: options.statsShipping.nodeName, keyPrefix: options.statsShipping.keyPrefix, queue: options.statsShipping.queueName }, 'shipping statistics to the stats worker');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await pool?.stop();
      await app.close();
      await shipping?.close();
      clusterStats?.close();
      await node?.close();
      await gateway.stop();
      accessLog?.close();
    })());
  let draining$: Promise<void> | undefined;
  const drain = (): Promise<void> =>
    (draining$ ??= (async () => {
      draining = true;
      const started = Date.now();
      // Workers drain themselves, all at once; without them the engine's listeners drain here.
      await (pool ? pool.stop() : gateway.drain(drainTimeoutMs));
      logger.info({ ms: Date.now() - started, timeoutMs: drainTimeoutMs }, 'data plane drained');
      await close();
    })());
  return { gateway, app, adminUrl, close, drain, ...(pool ? { workers: pool } : {}) };
}

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ClusterAdmin } from '../cluster/cluster-admin';
import type { ClusterIndicatorQuery } from '../cluster-statistics/cluster-indicator-query';
import type { Gateway } from '../engine/gateway';
import type { WorkerPool } from '../workers/worker-pool';
import type { Logger } from '../engine/logger';
import { AdminModule } from './admin.module';
import type { ReadyState } from './admin.tokens';
import { GatewayErrorFilter } from './errors/gateway-error.filter';
import { readBuildInfo } from './health/build-info';
import { allowedMethodsFrom } from './http/allowed-methods';
import { answerClientErrorsAsJson } from './http/client-error';
import { JsonBodyInterceptor } from './http/json-body.interceptor';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { requestLog } from './logging/request-log.middleware';
import { setupOpenApi } from './openapi/openapi';
import { requestPolicy } from './http/request-policy';
import { assertUsableApiKey } from './auth/api-key';
import { KeyAttemptThrottle } from './auth/key-throttle';
import { systemClock, type Clock } from '../engine/clock';
import { sendRawJsonError } from '../plugins/http-server/respond';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** What the admin plane is built from. */
export interface AdminAppOptions {
  gateway: Gateway;
  /** Key admin routes require; undefined = none. */
  apiKey: string | undefined;
  logger: Logger;
  /** @default always ready (the embedded mode) */
  readiness?: () => ReadyState;
  /** The cluster admin logic, in the cluster mode. */
  cluster?: ClusterAdmin;
  /** The data-plane workers, with GATEWAY_WORKERS > 1. */
  workers?: WorkerPool;
  /** The cluster statistics query, while the node ships statistics. */
  clusterStatistics?: ClusterIndicatorQuery;
  /** Clock of the wrong-key throttle. @default systemClock */
  clock?: Clock;
  /** Head and whole-request timeouts of the admin listener. @default {headersMs: 20000, requestMs: 60000} */
  timeouts?: { headersMs: number; requestMs: number };
}

/** Time to receive an admin request head, as the data plane's default. @default 20 s */
export const ADMIN_HEADERS_TIMEOUT_MS = 20_000;
/** Time to receive a whole admin request, as the data plane's default. @default 60 s */
export const ADMIN_REQUEST_TIMEOUT_MS = 60_000;
/** Idle keep-alive time of admin connections. @default 10 s */
const ADMIN_KEEPALIVE_MS = 10_000;
/** Most header fields an admin request may carry. @default 100 */
const ADMIN_MAX_HEADERS = 100;

/**
 * Builds the admin plane (not yet listening): Nest on express with our JSON body reader in
 * place of body-parser, one filter that answers every error as `{code, message, field?}`, and
 * the OpenAPI document.
 */
export async function createAdminApp(opts: AdminAppOptions): Promise<NestExpressApplication> {
  assertUsableApiKey(opts.apiKey);
  const throttle = new KeyAttemptThrottle(opts.clock ?? systemClock);
  const app = await NestFactory.create<NestExpressApplication>(
    AdminModule.register({
      gateway: opts.gateway,
      options: { apiKey: opts.apiKey, throttle },
      ...(opts.readiness ? { readiness: opts.readiness } : {}),
      ...(opts.cluster ? { cluster: opts.cluster } : {}),
      ...(opts.workers ? { workers: opts.workers } : {}),
      ...(opts.clusterStatistics ? { clusterStatistics: opts.clusterStatistics } : {}),
    }),
    { bodyParser: false, logger: new PinoNestLogger(opts.logger), abortOnError: false },
  );
  app.disable('x-powered-by');
  const server = app.getHttpServer();
  hardenServer(server, opts.timeouts ?? { headersMs: ADMIN_HEADERS_TIMEOUT_MS, requestMs: ADMIN_REQUEST_TIMEOUT_MS });
  answerClientErrorsAsJson(server);
  app.use(requestLog(opts.logger));
  app.use(
    requestPolicy({
      keyed: opts.apiKey !== undefined,
      boundHost: () => {
        const a = server.address();
        return typeof a === 'object' && a !== null ? (a.family === 'IPv6' ? `[${a.address}]` : a.address) : undefined;
      },
    }),
  );
  const document = setupOpenApi(app, readBuildInfo());
  app.useGlobalFilters(new GatewayErrorFilter(opts.logger, allowedMethodsFrom(document)));
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  return app;
}

/**
 * Gives the admin listener the data plane's limits: head and request timeouts checked every
 * 500 ms (Node's defaults, 60 s / 300 s checked every 30 s, let slowloris connections live), a
 * header-count cap, a JSON answer to a missing Host (see requestPolicy), and a JSON 405 to CONNECT.
 */
function hardenServer(server: Server, timeouts: { headersMs: number; requestMs: number }): void {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = ADMIN_KEEPALIVE_MS;
  server.maxHeadersCount = ADMIN_MAX_HEADERS;
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = 500;
  (server as { requireHostHeader?: boolean }).requireHostHeader = false;
  server.on('connect', (_req: unknown, socket: Duplex) => {
    sendRawJsonError(socket, 405, 'GW_METHOD_NOT_ALLOWED', 'CONNECT is not supported');
  });
}

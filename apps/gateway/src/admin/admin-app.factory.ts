import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ClusterAdmin } from '../cluster/cluster-admin';
import type { Gateway } from '../engine/gateway';
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
}

/**
 * Builds the admin plane (not yet listening): Nest on express with our JSON body reader in
 * place of body-parser, one filter that answers every error as `{code, message, field?}`, and
 * the OpenAPI document.
 */
export async function createAdminApp(opts: AdminAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AdminModule.register({
      gateway: opts.gateway,
      options: { apiKey: opts.apiKey },
      ...(opts.readiness ? { readiness: opts.readiness } : {}),
      ...(opts.cluster ? { cluster: opts.cluster } : {}),
    }),
    { bodyParser: false, logger: new PinoNestLogger(opts.logger), abortOnError: false },
  );
  app.disable('x-powered-by');
  answerClientErrorsAsJson(app.getHttpServer());
  app.use(requestLog(opts.logger));
  const document = setupOpenApi(app, readBuildInfo());
  app.useGlobalFilters(new GatewayErrorFilter(opts.logger, allowedMethodsFrom(document)));
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  return app;
}

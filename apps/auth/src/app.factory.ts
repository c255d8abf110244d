// Builds and starts the whole service: database (migrated), throttle store, hasher, Nest app,
// listener, registration. main.ts and the tests both start the service through here, so tests
// exercise the same wiring as production and differ only in the options they pass.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuthModule } from './app.module';
import { systemClock, type Clock } from '@gatehouse/foundation';
import type { AuthConfig } from './config/auth-config';
import { openDataSource } from './database/data-source.factory';
import { ConfigInvalidError } from './errors';
import { AuthErrorFilter } from './http/error.filter';
import { jsonBodyMiddleware } from './http/json-body';
import { createLogger, NestPinoLogger } from './logger';
import { PasswordHasher, type PasswordHasherOptions } from './password/password-hasher';
import { registerWithAgent, type AgentRegistrationRun, type RegistrationOptions } from './registry/agent-registration';
import { DEFAULT_THROTTLE_LIMITS, LoginThrottle, type LoginThrottleLimits } from './throttle/login-throttle';
import { MemoryThrottleStore } from './throttle/memory-throttle.store';
import { RedisThrottleStore } from './throttle/redis-throttle.store';
import type { ThrottleStore } from './throttle/throttle-store';
import { SERVICE_VERSION_STRING } from './version';

/** Everything the service can be started with: the env config plus programmatic extras. */
export interface AuthAppOptions extends AuthConfig {
  /** Time source for throttle windows and backoff. @default systemClock */
  clock?: Clock;
  /** Logger; tests pass one writing to a buffer. @default pino to stdout at config.logLevel */
  logger?: Logger;
  /** Password hashing options (tests lower the cost here). @default OWASP scrypt parameters */
  hasher?: PasswordHasherOptions;
  /** Login throttle limits. @default DEFAULT_THROTTLE_LIMITS */
  throttleLimits?: LoginThrottleLimits;
  /** Prefix of Redis throttle keys. @default "gh:auth:throttle:" */
  redisKeyPrefix?: string;
  /** Milliseconds before a Redis command without an answer fails. @default 1000 */
  redisCommandTimeoutMs?: number;
  /** Registration tuning: backoff from 500 ms capped at 10 s (an alarm after 5 failures), heartbeat every 10 s. */
  registration?: RegistrationOptions;
  /** Largest accepted request body in bytes. @default 16384 */
  bodyLimitBytes?: number;
}

/** A started service. */
export interface RunningAuthApp {
  /** The Nest application. */
  readonly app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:8081. */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /** The open DataSource (tests destroy it to simulate a dead database). */
  readonly dataSource: DataSource;
  /** Resolves true once registered, false when the agent refused (4xx), the app closed first, or no agent is configured. */
  readonly registered: Promise<boolean>;
  /** Deregisters, stops the listener and closes the database and throttle store. */
  close(): Promise<void>;
}

async function openThrottleStore(options: AuthAppOptions): Promise<ThrottleStore> {
  if (options.redisUrl === null) return new MemoryThrottleStore();
  const store = new RedisThrottleStore({
    url: options.redisUrl,
    ...(options.redisKeyPrefix === undefined ? {} : { keyPrefix: options.redisKeyPrefix }),
    ...(options.redisCommandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.redisCommandTimeoutMs }),
  });
  try {
    await store.connect();
  } catch (err) {
    // Redis down at boot is logged, not fatal: logins answer 503 until it returns (fail closed).
    options.logger?.warn({ err }, 'Redis is unreachable at boot; logins will fail closed until it answers');
  }
  return store;
}

/** Opens every dependency, starts listening and (when configured) registers with the agent. */
export async function startAuthApp(options: AuthAppOptions): Promise<RunningAuthApp> {
  const logger = options.logger ?? createLogger(options.logLevel);
  const clock = options.clock ?? systemClock;
  if (options.production && options.hasher?.unsafeAllowWeakParamsForTests === true) {
    throw new ConfigInvalidError('weak scrypt parameters are not allowed with NODE_ENV=production');
  }
  const hasher = new PasswordHasher(options.hasher);
  const dataSource = await openDataSource(options.database);
  const store = await openThrottleStore({ ...options, logger });
  let app: NestExpressApplication | undefined;
  try {
    await hasher.warmUp();
    const throttle = new LoginThrottle(store, clock, options.throttleLimits ?? DEFAULT_THROTTLE_LIMITS);
    app = await NestFactory.create<NestExpressApplication>(
      AuthModule.forRoot({
        dataSource,
        hasher,
        throttle,
        logger,
        clock,
        adminApiKey: options.adminApiKey,
        version: SERVICE_VERSION_STRING,
      }),
      { bodyParser: false, logger: new NestPinoLogger(logger), abortOnError: false },
    );
    app.set('trust proxy', options.trustProxy);
    app.disable('x-powered-by');
    app.use(jsonBodyMiddleware(options.bodyLimitBytes ?? 16_384));
    app.useGlobalFilters(new AuthErrorFilter(logger));
    await app.listen(options.port, options.host);
  } catch (err) {
    if (app !== undefined) await app.close().catch(() => undefined);
    await store.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    throw err;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${urlHost}:${port}`;
  if (options.adminApiKey === null) {
    logger.warn('admin endpoint POST /v1/users is disabled: AUTH_ADMIN_API_KEY is not set');
  }
  logger.info({ url, database: options.database.kind, throttle: options.redisUrl === null ? 'memory' : 'redis' }, 'auth service listening');

  let agent: AgentRegistrationRun | undefined;
  if (options.registryAgentUrl !== null) {
    const advertised = options.advertiseAddress;
    const registration = {
      name: 'auth',
      version: SERVICE_VERSION_STRING,
      address: advertised,
      port,
      health_url: `http://${advertised.includes(':') ? `[${advertised}]` : advertised}:${port}/v1/health`,
    };
    agent = registerWithAgent(options.registryAgentUrl, registration, logger, clock, options.registration);
  }
  const registered = agent?.registered ?? Promise.resolve(false);

  const started = app;
  let closing: Promise<void> | undefined;
  return {
    app: started,
    url,
    port,
    dataSource,
    registered,
    close: () => {
      closing ??= (async () => {
        if (agent !== undefined) await agent.stop();
        await started.close();
        await store.close();
        if (dataSource.isInitialized) await dataSource.destroy();
        logger.info('auth service stopped');
      })();
      return closing;
    },
  };
}

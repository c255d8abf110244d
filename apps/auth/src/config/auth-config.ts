// Service configuration from the environment, parsed and validated once at startup. A bad value
// stops the boot with AUTH_CONFIG_INVALID naming the variable, instead of failing on first use.
import { ConfigInvalidError } from '../errors';
import type { DatabaseConfig } from '../database/data-source.factory';

/** The environment-derived configuration. */
export interface AuthConfig {
  /** Listen address (AUTH_HOST). @default "127.0.0.1" */
  host: string;
  /** Listen port (AUTH_PORT); 0 picks a free port. @default 8081 */
  port: number;
  /** Admin API key (AUTH_ADMIN_API_KEY), at least 16 characters; null disables POST /v1/users. @default null */
  adminApiKey: string | null;
  /** DATABASE_URL selects PostgreSQL (schema AUTH_DB_SCHEMA), else SQLite at AUTH_SQLITE_PATH. @default sqlite ./data/auth.sqlite */
  database: DatabaseConfig;
  /** Redis for shared login throttling (REDIS_URL); null keeps counters in process. @default null */
  redisUrl: string | null;
  /** Registry agent base URL (REGISTRY_AGENT_URL); null skips registration. @default null */
  registryAgentUrl: string | null;
  /** Address announced to the registry (AUTH_ADVERTISE_ADDRESS). @default host, or 127.0.0.1 for a wildcard host */
  advertiseAddress: string;
  /** Express "trust proxy" (AUTH_TRUST_PROXY): which hops may set X-Forwarded-For. @default false */
  trustProxy: boolean | string;
  /** NODE_ENV === "production". @default false */
  production: boolean;
  /** pino level (AUTH_LOG_LEVEL). @default "info" */
  logLevel: string;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    throw new ConfigInvalidError(`${name} is not a valid URL`, { cause: err });
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigInvalidError(`${name} must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return value;
}

/** Reads and validates the configuration from `env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const host = nonEmpty(env, 'AUTH_HOST') ?? '127.0.0.1';
  const portText = nonEmpty(env, 'AUTH_PORT') ?? '8081';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new ConfigInvalidError(`AUTH_PORT must be a port number 0-65535, got ${JSON.stringify(portText)}`);
  }
  const adminApiKey = nonEmpty(env, 'AUTH_ADMIN_API_KEY');
  if (adminApiKey !== null && adminApiKey.length < 16) {
    throw new ConfigInvalidError('AUTH_ADMIN_API_KEY must be at least 16 characters');
  }
  const databaseUrl = nonEmpty(env, 'DATABASE_URL');
  const schema = nonEmpty(env, 'AUTH_DB_SCHEMA');
  const database: DatabaseConfig =
    databaseUrl !== null
      ? {
          kind: 'postgres',
          url: parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
          ...(schema === null ? {} : { schema }),
        }
      : { kind: 'sqlite', path: nonEmpty(env, 'AUTH_SQLITE_PATH') ?? './data/auth.sqlite' };
  const redisUrl = nonEmpty(env, 'REDIS_URL');
  const agentUrl = nonEmpty(env, 'REGISTRY_AGENT_URL');
  const trustText = nonEmpty(env, 'AUTH_TRUST_PROXY');
  const logLevel = nonEmpty(env, 'AUTH_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new ConfigInvalidError(`AUTH_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  const wildcard = host === '0.0.0.0' || host === '::';
  return {
    host,
    port: Number(portText),
    adminApiKey,
    database,
    redisUrl: redisUrl === null ? null : parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']),
    registryAgentUrl: agentUrl === null ? null : parseUrl('REGISTRY_AGENT_URL', agentUrl, ['http:', 'https:']),
    advertiseAddress: nonEmpty(env, 'AUTH_ADVERTISE_ADDRESS') ?? (wildcard ? '127.0.0.1' : host),
    trustProxy: trustText === null || trustText === 'false' ? false : trustText === 'true' ? true : trustText,
    production: env.NODE_ENV === 'production',
    logLevel,
  };
}

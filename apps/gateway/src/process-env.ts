import { GatewayError } from './errors';

/*
 * Settings every gateway process reads from its environment — the primary and the data-plane
 * workers alike; kept apart from bootstrap so a worker starts without loading the admin plane.
 */

/** `GATEWAY_DRAIN_TIMEOUT_SEC` when unset. @default 30 */
export const DEFAULT_DRAIN_TIMEOUT_SEC = 30;
/** Longest drain timeout accepted: a stop must not hang a deployment for long. @default 600 */
export const MAX_DRAIN_TIMEOUT_SEC = 600;

/** Levels `GATEWAY_LOG_LEVEL` accepts (pino's). */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The process log level from `GATEWAY_LOG_LEVEL`. @default "info" */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = env['GATEWAY_LOG_LEVEL'];
  if (raw === undefined || raw === '') return 'info';
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (level === undefined) {
    throw new GatewayError('GW_BAD_REQUEST', `GATEWAY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(raw)}`, {
      field: 'GATEWAY_LOG_LEVEL',
    });
  }
  return level;
}

/** `GATEWAY_DRAIN_TIMEOUT_SEC` in ms: seconds (fractions allowed) 0-600; undefined when unset. */
export function drainTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const drain = env['GATEWAY_DRAIN_TIMEOUT_SEC'];
  if (drain === undefined || drain === '') return undefined;
  const n = Number(drain);
  if (!/^\d+(\.\d+)?$/.test(drain) || n > MAX_DRAIN_TIMEOUT_SEC) {
    throw new GatewayError('GW_BAD_REQUEST', `GATEWAY_DRAIN_TIMEOUT_SEC must be a number of seconds 0-${MAX_DRAIN_TIMEOUT_SEC}, got ${JSON.stringify(drain)}`, {
      field: 'GATEWAY_DRAIN_TIMEOUT_SEC',
    });
  }
  return Math.round(n * 1000);
}

/** `GATEWAY_STATISTICS`: on or off; undefined when unset. */
export function statisticsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const stats = env['GATEWAY_STATISTICS'];
  if (stats === undefined || stats === '') return undefined;
  if (stats !== 'on' && stats !== 'off') {
    throw new GatewayError('GW_BAD_REQUEST', `GATEWAY_STATISTICS must be on or off, got ${JSON.stringify(stats)}`, { field: 'GATEWAY_STATISTICS' });
  }
  return stats === 'on';
}

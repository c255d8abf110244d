import { availableParallelism } from 'node:os';
import { GatewayError } from '../errors';

/** Most data-plane workers one host runs; more only adds memory and context switches. @default 64 */
export const MAX_WORKERS = 64;

/**
 * `GATEWAY_WORKERS`: how many data-plane processes share the listening ports — a number
 * 1-64, or `auto` (one per core). 1, the default, is the single-process gateway.
 */
export function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['GATEWAY_WORKERS'];
  if (raw === undefined || raw === '') return 1;
  if (raw === 'auto') return Math.min(MAX_WORKERS, availableParallelism());
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_WORKERS) {
    throw new GatewayError('GW_BAD_REQUEST', `GATEWAY_WORKERS must be auto or a number 1-${MAX_WORKERS}, got ${JSON.stringify(raw)}`, { field: 'GATEWAY_WORKERS' });
  }
  return n;
}

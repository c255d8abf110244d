import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../engine/logger';

/**
 * Express-style middleware logging one line per admin request once it is answered; health
 * probes go to debug so that a load balancer polling them does not flood the log.
 */
export function requestLog(
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      const ms = Math.round((performance.now() - start) * 10) / 10;
      const line = { method: req.method, url: req.url, status: res.statusCode, ms };
      if (req.url?.startsWith('/health/')) logger.debug(line, 'admin request');
      else logger.info(line, 'admin request');
    });
    next();
  };
}

import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection may stay open once a drain starts. A client that sends
 * on it meanwhile gets its answer with `Connection: close`; closing every idle connection at once
 * (what `http.Server.close` does) resets the requests already on the wire to them.
 * @default 500 ms
 */
export const IDLE_GRACE_MS = 500;

/**
 * Drains one listener: stops accepting (the listening socket closes, connections stay), closes
 * connections still idle after `IDLE_GRACE_MS` (checked again at that period), and cuts every
 * connection left when `timeoutMs` has passed. The caller answers requests that arrive while
 * draining with `Connection: close`, so a busy connection closes after its last response.
 * Resolves once no connection is left.
 */
export function drainServer(server: Server, timeoutMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
    const sweep = setInterval(() => server.closeIdleConnections(), Math.min(IDLE_GRACE_MS, timeoutMs));
    const done = (): void => {
      clearTimeout(cut);
      clearInterval(sweep);
      resolve();
    };
    // net.Server's close, not http.Server's: the latter closes idle connections at once (see above)
    // and stops the request-timeout checks the connections still need. Its callback runs when the
    // last connection has closed.
    NetServer.prototype.close.call(server, () => done());
  });
}

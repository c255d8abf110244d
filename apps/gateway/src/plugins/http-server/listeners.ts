import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Drainable } from '../../engine/types';
import { GatewayError } from '../../errors';
import { drainServer } from './connection-drain';
import { sendJsonError } from './respond';
import type { HttpServerConfig } from './schema';
import type { TlsFiles } from './tls-files';

/** What serves requests that arrive on a listener, with the settings it wants applied. */
export interface ListenerOwner {
  readonly config: Readonly<HttpServerConfig>;
  handle(req: IncomingMessage, res: ServerResponse): void;
  clientError(err: NodeJS.ErrnoException, socket: Socket): void;
  connect(req: IncomingMessage, socket: Duplex): void;
}

/** How long a closing listener waits for running requests before cutting their connections. */
export const CLOSE_GRACE_MS = 5000;

/** How often Node checks request and header timeouts; its default (30 s) would delay 408s. */
const TIMEOUT_CHECK_INTERVAL_MS = 500;

/**
 * One listening socket, shared by the generations of an HTTPServer plugin so that a config
 * update on the same address takes over the socket instead of fighting for the port. Instances
 * hold it from start; one serves only once attached (its pipelines went live), and the newest
 * attached one serves. The socket closes when its last holder lets go.
 */
export class Listener {
  private owners: ListenerOwner[] = [];
  private holders = new Set<object>();
  /** Set by `drain`: every answer from now on closes its connection. */
  private draining = false;

  constructor(
    readonly key: string,
    readonly server: Server,
    readonly maxHeaderBytes: number,
    private readonly onEmpty: (l: Listener) => Promise<void>,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) res.shouldKeepAlive = false;
      const owner = this.owners[this.owners.length - 1];
      if (!owner) {
        res.statusCode = 503;
        res.end();
        return;
      }
      try {
        owner.handle(req, res);
      } catch {
        // A bug must cost one request its answer, never the process: JSON 500, connection closed.
        res.shouldKeepAlive = false;
        sendJsonError(res, 500, 'GW_INTERNAL', 'the gateway failed to handle the request');
        req.resume();
      }
    });
    server.on('connect', (req: IncomingMessage, socket: Duplex) => {
      const owner = this.owners[this.owners.length - 1];
      if (owner) owner.connect(req, socket);
      else socket.destroy();
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      const owner = this.owners[this.owners.length - 1];
      if (owner) owner.clientError(err, socket);
      else socket.destroy();
    });
  }

  hold(holder: object): void {
    this.holders.add(holder);
  }

  /** Makes `owner` the one serving, with its settings. */
  attach(owner: ListenerOwner): void {
    if (this.owners.includes(owner)) return;
    this.owners.push(owner);
    this.applySettings(owner.config);
  }

  /** Lets go of the socket; resolves when it is closed, if `holder` was the last. */
  release(holder: ListenerOwner): Promise<void> {
    const wasTop = this.owners[this.owners.length - 1] === holder;
    this.owners = this.owners.filter((o) => o !== holder);
    this.holders.delete(holder);
    const top = this.owners[this.owners.length - 1];
    if (wasTop && top) this.applySettings(top.config);
    return this.holders.size === 0 ? this.onEmpty(this) : Promise.resolve();
  }

  /** Stops accepting and waits for the open connections (see `drainServer`). */
  drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    return drainServer(this.server, timeoutMs);
  }

  /** Settings a running server can change. */
  private applySettings(c: Readonly<HttpServerConfig>): void {
    const s = this.server;
    s.maxConnections = c.max_connections;
    s.keepAliveTimeout = c.keepalive_sec * 1000;
    s.requestTimeout = c.request_timeout_sec * 1000;
    s.headersTimeout = c.headers_timeout_sec * 1000;
    // One more than allowed, so HTTPServer sees the excess and answers 431 instead of Node dropping it.
    s.maxHeadersCount = c.max_request_headers + 1;
  }

  /** The bound port (useful with port 0). */
  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }
}

/** Process-wide registry of listeners by `host:port:scheme`. */
export class ListenerRegistry implements Drainable {
  private readonly listeners = new Map<string, Listener>();

  /**
   * @param bind false in the primary process of `GATEWAY_WORKERS`: it keeps the model and the
   *   admin plane while its workers own the sockets, so its listeners never bind. @default true
   */
  constructor(private readonly bind = true) {}

  /** A graceful stop: every listener drains at once (see `Listener.drain`). */
  async drain(timeoutMs: number): Promise<void> {
    await Promise.all([...this.listeners.values()].map((l) => l.drain(timeoutMs)));
  }

  /** The listener for `c`'s address, opened when there is none; `holder` keeps it open. */
  async acquire(c: Readonly<HttpServerConfig>, tls: TlsFiles | undefined, holder: object): Promise<Listener> {
    const key = `${c.host}:${c.port}:${tls ? 'https' : 'http'}`;
    const existing = c.port === 0 ? undefined : this.listeners.get(key);
    if (existing) {
      if (existing.maxHeaderBytes !== c.max_header_bytes) {
        throw new GatewayError(
          'GW_LISTEN_FAILED',
          `max_header_bytes of a running listener cannot change in place; use another port, or delete and re-create the server`,
          { field: 'config.max_header_bytes' },
        );
      }
      if (tls && 'setSecureContext' in existing.server) {
        (existing.server as unknown as { setSecureContext(o: object): void }).setSecureContext(tls);
      }
      existing.hold(holder);
      return existing;
    }
    const opts = {
      maxHeaderSize: c.max_header_bytes,
      keepAlive: true,
      noDelay: true,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      // HTTPServer answers a missing Host itself, as JSON.
      requireHostHeader: false,
    };
    const server: Server = tls ? (createHttpsServer({ ...opts, ...tls }) as unknown as Server) : createHttpServer(opts);
    if (this.bind) await this.listen(server, c);
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : c.port;
    const bound = `${c.host}:${port}:${tls ? 'https' : 'http'}`;
    const listener = new Listener(bound, server, c.max_header_bytes, (l) => {
      this.listeners.delete(l.key);
      return new Promise<void>((resolve) => {
        if (!l.server.listening) {
          resolve();
          return;
        }
        l.server.close(() => resolve());
        l.server.closeIdleConnections();
        // Requests still running get a grace period, then their connections are cut.
        setTimeout(() => l.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      });
    });
    listener.hold(holder);
    this.listeners.set(bound, listener);
    return listener;
  }

  private async listen(server: Server, c: Readonly<HttpServerConfig>): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(
          new GatewayError('GW_LISTEN_FAILED', `cannot listen on ${c.host}:${c.port}: ${err.code ?? err.message}`, {
            field: 'config.port',
            cause: err,
          }),
        );
      };
      server.once('error', onError);
      server.listen(c.port, c.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
  }
}

export const LISTENERS_SERVICE = 'http-server.listeners';

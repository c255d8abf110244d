import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from '../../errors';
import type { PipelineContext } from '../../engine/pipeline-context';
import type { PluginDescriptor, PluginEnv, PluginInstance } from '../../engine/types';
import { LISTENERS_SERVICE, ListenerRegistry, type Listener, type ListenerOwner } from './listeners';
import { Mux } from './mux';
import { sendJsonError, sendRawJsonError } from './respond';
import { httpServerSchema, type HttpServerConfig } from './schema';

/** Key of the mux in the server's plugin-wide data bucket, where HTTPInput finds it. */
export const MUX_BUCKET_KEY = 'HTTP_SERVER_MUX';

/**
 * Owns a `node:http` (or `node:https`) listener and its mux. Several pipelines list the same
 * HTTPServer; each HTTPInput registers its route on the mux it finds in the pipeline context.
 */
export class HttpServer implements PluginInstance, ListenerOwner {
  readonly mux = new Mux();
  private listener: Listener | undefined;

  constructor(
    readonly config: Readonly<HttpServerConfig>,
    private readonly env: PluginEnv,
  ) {}

  /** Opens (or shares) the socket; requests reach this instance only once it is activated. */
  async start(): Promise<void> {
    const registry = this.env.services.get(LISTENERS_SERVICE, () => new ListenerRegistry());
    this.listener = await registry.acquire(this.config, this.readTls(), this);
  }

  /** A pipeline went live on this instance: from now on it serves the socket. */
  activate(_ctx: PipelineContext): void {
    this.listener?.attach(this);
  }

  /** The port actually bound (differs from the config with port 0). */
  get port(): number {
    return this.listener?.port ?? 0;
  }

  prepare(ctx: PipelineContext): () => void {
    const bucket = ctx.dataBucket(this.env.pluginName, '*');
    const previous = bucket.bindData(MUX_BUCKET_KEY, this.mux);
    // The bound port, worth showing when the config says 0 (each node picks its own).
    const unregister = ctx.statistics.registerIndicator(this.env.pluginName, 'LISTEN_PORT', 'TCP port the server listens on', () => this.port);
    return () => {
      unregister();
      if (bucket.queryData(MUX_BUCKET_KEY) !== this.mux) return;
      if (previous === undefined) bucket.unbindData(MUX_BUCKET_KEY);
      else bucket.bindData(MUX_BUCKET_KEY, previous);
    };
  }

  run(): void {
    // The server's work happens in `handle`; in a pipeline it only marks where its mux is bound.
  }

  close(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    return l ? l.release(this) : Promise.resolve();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.config.keepalive) res.shouldKeepAlive = false;
    const max = this.config.max_body_bytes;
    if (max > 0) {
      const len = req.headers['content-length'];
      if (len !== undefined && Number(len) > max) {
        res.shouldKeepAlive = false;
        sendJsonError(res, 413, 'GW_BODY_TOO_LARGE', `request body exceeds ${max} bytes`);
        req.resume();
        return;
      }
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (hasDotSegment(path)) {
      sendJsonError(res, 400, 'GW_BAD_REQUEST', 'the request path must not contain "." or ".." segments');
      req.resume();
      return;
    }
    const m = this.mux.match(path);
    if (m === undefined) {
      sendJsonError(res, 404, 'GW_NOT_FOUND', 'no route matches the request');
      req.resume();
      return;
    }
    const h = Mux.handlerFor(m.node, req.method ?? 'GET');
    if (typeof h !== 'function') {
      sendJsonError(res, 405, 'GW_METHOD_NOT_ALLOWED', `method ${req.method} is not allowed here`, { allow: h.join(', ') });
      req.resume();
      return;
    }
    h(req, res, m.params, path, max);
  }

  clientError(err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      sendRawJsonError(socket, 431, 'GW_HEADERS_TOO_LARGE', `request head exceeds ${this.config.max_header_bytes} bytes`);
    } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      sendRawJsonError(socket, 408, 'GW_REQUEST_TIMEOUT', 'the request was not received in time');
    } else {
      sendRawJsonError(socket, 400, 'GW_BAD_REQUEST', 'malformed HTTP request');
    }
  }

  private readTls(): { cert: Buffer; key: Buffer } | undefined {
    const { cert_file, key_file } = this.config;
    if (!cert_file && !key_file) return undefined;
    const read = (file: string, field: string): Buffer => {
      try {
        return readFileSync(file);
      } catch (err) {
        throw new GatewayError('GW_VALIDATION', `config.${field} cannot be read: ${(err as Error).message}`, {
          field: `config.${field}`,
          cause: err,
        });
      }
    };
    return { cert: read(cert_file, 'cert_file'), key: read(key_file, 'key_file') };
  }
}

/**
 * True when a path has a `.` or `..` segment, also percent-encoded: such paths could route past
 * the gateway's rules and be normalised by the backend into another resource.
 */
export function hasDotSegment(path: string): boolean {
  if (!path.includes('/.') && !path.includes('%2e') && !path.includes('%2E')) return false;
  for (const seg of path.split('/')) {
    const s = seg.replace(/%2e/gi, '.');
    if (s === '.' || s === '..') return true;
  }
  return false;
}

export const httpServerPlugin: PluginDescriptor<HttpServerConfig> = {
  kind: 'HTTPServer',
  description: 'Listens for HTTP(S) and routes requests to the HTTPInput plugins registered on it.',
  schema: httpServerSchema,
  validate: (c) => {
    if (Boolean(c.cert_file) !== Boolean(c.key_file)) {
      return { field: c.cert_file ? 'config.key_file' : 'config.cert_file', message: 'is required together with the other TLS file' };
    }
    // Node requires the head to arrive within the time allowed for the whole request.
    if (c.headers_timeout_sec > c.request_timeout_sec) {
      return { field: 'config.headers_timeout_sec', message: 'must not exceed config.request_timeout_sec' };
    }
    return undefined;
  },
  create: (config, env) => new HttpServer(config, env),
};

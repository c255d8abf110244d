import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PipelineContext } from '../../engine/pipeline-context';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { AccessLogger } from './access-log/access-logger';
import { openAccessLogDestination } from './access-log/access-log-destination';
import { ACCESS_LOG_SERVICE, AccessLogSink } from './access-log/access-log-sink';
import { LISTENERS_SERVICE, ListenerRegistry, type Listener, type ListenerOwner } from './listeners';
import { httpServerErrors } from './errors';
import { Mux, type BodyPolicy } from './mux';
import { checkHead, normalizePath } from './request-target';
import { sendJsonError, sendRawJsonError } from './respond';
import { httpServerSchema, type HttpServerConfig } from './schema';
import { readTls } from './tls-files';

/** Key of the mux in the server's plugin-wide data bucket, where HTTPInput finds it. */
export const MUX_BUCKET_KEY = 'HTTP_SERVER_MUX';

/**
 * Owns a `node:http` (or `node:https`) listener and its mux. Several pipelines list the same
 * HTTPServer; each HTTPInput registers its route on the mux it finds in the pipeline context.
 */
export class HttpServer implements PluginInstance, ListenerOwner {
  readonly mux = new Mux();
  private listener: Listener | undefined;
  private readonly bodyPolicy: BodyPolicy;
  private readonly accessLog: AccessLogger | undefined;

  constructor(
    readonly config: Readonly<HttpServerConfig>,
    private readonly env: PluginEnv,
  ) {
    this.bodyPolicy = {
      maxBodyBytes: config.max_body_bytes,
      bufferBytes: config.request_buffer_bytes,
      bodyTimeoutMs: config.client_body_timeout_sec * 1000,
    };
    // One sink per gateway, shared by its servers; the bootstrap seeds it from GATEWAY_ACCESS_LOG_FILE.
    this.accessLog = config.access_log
      ? new AccessLogger(
          env.services.get(ACCESS_LOG_SERVICE, () => new AccessLogSink(openAccessLogDestination(undefined))),
          config.access_log_sample_ratio,
          env.pluginName,
          env.clock,
        )
      : undefined;
  }

  /** Opens (or shares) the socket; requests reach this instance only once it is activated. */
  async start(): Promise<void> {
    const registry = this.env.services.get(LISTENERS_SERVICE, () => new ListenerRegistry());
    this.listener = await registry.acquire(this.config, await readTls(this.config), this);
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
    // The workers share one port: the same value in each, which `max` keeps as it is.
    const unregister = ctx.statistics.registerIndicator(this.env.pluginName, 'LISTEN_PORT', 'TCP port the server listens on', () => this.port, { aggregate: 'max' });
    const log = this.accessLog;
    const unregisterDrops = log
      ? ctx.statistics.registerIndicator(this.env.pluginName, 'ACCESS_LOG_DROPPED', 'Access-log lines dropped because the log could not keep up (gateway-wide)', () => log.dropped)
      : undefined;
    return () => {
      unregister();
      unregisterDrops?.();
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
    const c = this.config;
    this.accessLog?.observe(req, res);
    if (!c.keepalive) res.shouldKeepAlive = false;
    const head = checkHead(req, c.max_request_headers);
    if (head !== undefined) {
      res.shouldKeepAlive = false;
      sendJsonError(res, head.status, head.code, head.message);
      req.resume();
      return;
    }
    const max = c.max_body_bytes;
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
    let path = q < 0 ? url : url.slice(0, q);
    const verdict = normalizePath(path, c.path_with_escaped_slashes, c.merge_slashes);
    if (verdict.kind === 'reject') {
      sendJsonError(res, 400, 'GW_BAD_REQUEST', verdict.message);
      req.resume();
      return;
    }
    if (verdict.path !== path) {
      path = verdict.path;
      req.url = q < 0 ? path : path + url.slice(q);
      if (verdict.kind === 'redirect') {
        res.writeHead(307, { location: req.url, 'content-length': 0 });
        res.end();
        req.resume();
        return;
      }
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
    h(req, res, m.params, path, this.bodyPolicy);
  }

  /** CONNECT (no tunnels here): a JSON 405, then the connection closes. */
  connect(_req: IncomingMessage, socket: Duplex): void {
    sendRawJsonError(socket, 405, 'GW_METHOD_NOT_ALLOWED', 'CONNECT is not supported');
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
}

export const httpServerPlugin = definePlugin<HttpServerConfig>({
  errors: httpServerErrors,
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
});

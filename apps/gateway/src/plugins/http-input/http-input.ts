import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors';
import { SafeRegex } from '../../engine/safe-regex';
import type { PipelineContext } from '../../engine/pipeline-context';
import { ResultCode, resultCodeToHttp, type Task } from '../../engine/task';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { MUX_BUCKET_KEY } from '../http-server/http-server';
import { accessRecordOf, noteAccessError } from '../http-server/access-log/access-record';
import type { BodyPolicy, Mux, RouteRegistration, RouteSpec } from '../http-server/mux';
import { sendJsonError } from '../http-server/respond';
import { isToken } from '../shared/http-grammar';
import { responseHeadersOf } from '../shared/response-headers';
import { cgiValues } from './cgi';
import { registerQueueIndicators } from './queue-indicators';
import { endToEndHeaders, stripConnectionListed, stripIdentityHeaders, type BodySource, type HttpExchange } from './exchange';
import { hasBody, readBody, StreamedBody, type BodyFailure } from './request-body';
import { httpInputSchema, type HttpInputConfig } from './schema';
import { httpInputErrors } from './errors';

const CODE_BY_RESULT: Record<number, string> = {
  400: 'GW_BAD_REQUEST',
  413: 'GW_BODY_TOO_LARGE',
  429: 'GW_FLOW_CONTROL',
  499: 'GW_CLIENT_CLOSED_REQUEST',
  502: 'GW_BAD_GATEWAY',
  503: 'GW_SERVICE_UNAVAILABLE',
  504: 'GW_GATEWAY_TIMEOUT',
};

function destroyBody(body: unknown): void {
  if (body !== undefined && body !== null && typeof (body as BodySource).destroy === 'function') (body as BodySource).destroy();
}

/** Answers a request whose body could not be read, and closes its connection. */
function bodyFailed(res: ServerResponse, failure: BodyFailure): void {
  res.shouldKeepAlive = false;
  if (failure === 'too-large') sendJsonError(res, 413, 'GW_BODY_TOO_LARGE', 'request body is too large');
  else sendJsonError(res, 408, 'GW_REQUEST_TIMEOUT', 'the request body was not received in time');
}

/**
 * The source of HTTP pipelines: registers one route on its server's mux, turns each matching
 * request into a task, and answers from the task when it finishes.
 */
export class HttpInput implements PluginInstance {
  private readonly route: RouteSpec;
  private readonly headerRules: [string, ReadonlySet<string>][];
  /** The route as the access log names it: the path pattern or the regex. */
  private readonly routeLabel: string;
  private readonly respondFn = (task: Task): void => this.respond(task);
  /** Routes reserved per pipeline context, served once that pipeline's snapshot goes live. */
  private readonly routes = new Map<PipelineContext, RouteRegistration>();

  constructor(
    private readonly c: Readonly<HttpInputConfig>,
    private readonly env: PluginEnv,
  ) {
    this.route = c.path
      ? { kind: 'param', path: c.path, methods: c.methods }
      : { kind: 'regex', pattern: c.path_regex, priority: c.priority, methods: c.methods };
    this.routeLabel = c.path || c.path_regex;
    this.headerRules = Object.entries(c.headers_enum).map(([h, vs]) => [h.toLowerCase(), new Set(vs)]);
  }

  prepare(ctx: PipelineContext): () => void {
    const mux = ctx.dataBucket(this.c.server_name, '*').queryData(MUX_BUCKET_KEY) as Mux | undefined;
    if (mux === undefined) {
      throw new GatewayError('GW_PIPELINE_ORDER', `HTTPServer ${this.c.server_name} must stand before this HTTPInput`, {
        field: 'config.server_name',
      });
    }
    const reg = mux.add(this.route, ctx, (req, res, params, path, body) => this.accept(ctx, req, res, params, path, body));
    this.routes.set(ctx, reg);
    const unregister = registerQueueIndicators(ctx, this.c.plugin_name);
    return () => {
      unregister();
      reg.remove();
      if (this.routes.get(ctx) === reg) this.routes.delete(ctx);
    };
  }

  activate(ctx: PipelineContext): void {
    this.routes.get(ctx)?.activate();
  }

  run(task: Task): void {
    const ex = task.source as HttpExchange;
    stripConnectionListed(ex.req.headers);
    stripIdentityHeaders(ex.req.headers);
    task.setValue(this.c.request_header_key, ex.req.headers);
    task.setValue(this.c.request_body_io_key, ex.body);
    task.setLazyValues(cgiValues(ex.req, ex.path, ex.params));
  }

  private accept(
    ctx: PipelineContext,
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string>,
    path: string,
    policy: BodyPolicy,
  ): void {
    const record = accessRecordOf(res);
    if (record !== undefined) {
      record.pipeline = ctx.pipelineName;
      record.route = this.routeLabel;
    }
    for (const [h, allowed] of this.headerRules) {
      const v = req.headers[h];
      if (typeof v !== 'string' || !allowed.has(v)) {
        sendJsonError(res, httpInputErrors.definitions.GW_HEADER_NOT_ALLOWED.status, 'GW_HEADER_NOT_ALLOWED', `header ${h} must be one of ${[...allowed].join(', ')}`);
        req.resume();
        return;
      }
    }
    if (!hasBody(req)) {
      this.trigger(ctx, { req, res, params, path, body: req });
      return;
    }
    // The body is read before the request becomes a task: a slow client holds no slot.
    readBody(req, policy, this.env.clock, (body, failure) => {
      if (failure !== undefined) bodyFailed(res, failure);
      else if (body !== undefined) this.trigger(ctx, { req, res, params, path, body });
    });
  }

  private trigger(ctx: PipelineContext, ex: HttpExchange): void {
    const { req, res } = ex;
    const task = ctx.trigger(ex, (t) => {
      t.addFinishedCallback(this.respondFn);
      res.once('close', () => {
        if (res.writableFinished) return;
        t.cancel(ResultCode.RequesterGone, 'client closed the request', 'GW_CLIENT_CLOSED_REQUEST');
        destroyBody(t.value(this.c.response_body_io_key));
        if (ex.body instanceof StreamedBody) ex.body.destroy();
      });
    });
    if (task === undefined) {
      if (ex.body instanceof StreamedBody) ex.body.destroy();
      sendJsonError(res, 503, 'GW_QUEUE_FULL', `pipeline ${ctx.pipelineName} is not accepting requests`);
      req.resume();
    }
  }

  /** Answers from the task; any failure while answering still gets the client an answer. */
  private respond(task: Task): void {
    try {
      this.answer(task);
    } catch (err) {
      const ex = task.source as HttpExchange;
      this.env.logger.error({ err, plugin: this.env.pluginName }, 'answering the client failed');
      destroyBody(task.value(this.c.response_body_io_key));
      ex.res.shouldKeepAlive = false;
      sendJsonError(ex.res, 500, 'GW_INTERNAL', 'the gateway failed to answer');
    }
  }

  private answer(task: Task): void {
    const ex = task.source as HttpExchange;
    const res = ex.res;
    const c = this.c;
    const body = task.value(c.response_body_io_key) as BodySource | undefined;
    if (res.destroyed || res.writableEnded || task.cancelledWith === ResultCode.RequesterGone) {
      destroyBody(body);
      return;
    }
    if (ex.body instanceof StreamedBody && ex.body.failure !== undefined) {
      destroyBody(body);
      bodyFailed(res, ex.body.failure);
      return;
    }
    if (task.error !== undefined) {
      destroyBody(body);
      const status = resultCodeToHttp(task.resultCode);
      const added = responseHeadersOf(task);
      if (c.respond_error) {
        sendJsonError(res, status, task.errorCode ?? CODE_BY_RESULT[status] ?? 'GW_INTERNAL', task.error, added);
      } else {
        if (added !== undefined) for (const name in added) res.setHeader(name, added[name]!);
        noteAccessError(res, task.errorCode ?? CODE_BY_RESULT[status]);
        res.statusCode = status;
        res.end();
      }
      return;
    }
    const code = task.value(c.response_code_key) ?? task.resultCode;
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 200 || code > 599) {
      destroyBody(body);
      res.shouldKeepAlive = false;
      sendJsonError(res, 502, 'GW_BAD_GATEWAY', `the response status ${JSON.stringify(code)} is not an HTTP status`);
      return;
    }
    const headers = endToEndHeaders(task.value(c.response_header_key) as Record<string, string | string[]> | undefined);
    const added = responseHeadersOf(task);
    if (added !== undefined) Object.assign(headers, added);
    const buffer = c.response_body_buffer_key ? task.value(c.response_body_buffer_key) : undefined;
    if (buffer !== undefined && buffer !== null) {
      destroyBody(body);
      const data = typeof buffer === 'string' || Buffer.isBuffer(buffer) ? buffer : JSON.stringify(buffer);
      headers['content-length'] = String(Buffer.byteLength(data));
      res.writeHead(code, headers);
      res.end(data);
      return;
    }
    res.writeHead(code, headers);
    if (body === undefined || body === null) {
      res.end();
      return;
    }
    body.on?.('error', () => res.destroy());
    body.pipe(res);
  }
}

export const httpInputPlugin = definePlugin<HttpInputConfig>({
  errors: httpInputErrors,
  kind: 'HTTPInput',
  description: 'Registers a route on an HTTPServer and turns each matching request into a task; answers from task keys.',
  schema: httpInputSchema,
  validate: (c) => {
    if (Boolean(c.path) === Boolean(c.path_regex)) return { field: 'config.path', message: 'exactly one of path and path_regex is required' };
    if (c.path && !c.path.startsWith('/')) return { field: 'config.path', message: 'must start with "/"' };
    if (c.path_regex) SafeRegex.compile(c.path_regex, 'config.path_regex');
    const badHeader = Object.keys(c.headers_enum).find((h) => !isToken(h));
    if (badHeader !== undefined) return { field: `config.headers_enum.${badHeader}`, message: 'is not a valid header name (an HTTP token)' };
    return undefined;
  },
  checkInPipeline: (c, ctx) => {
    const at = ctx.pluginNames.indexOf(c.server_name);
    if (ctx.typeOf(c.server_name) !== 'HTTPServer') {
      return { field: `config.plugin_names.${ctx.index}`, message: `uses server ${c.server_name}, which is not an HTTPServer plugin` };
    }
    if (at < 0 || at > ctx.index) {
      return { field: `config.plugin_names.${ctx.index}`, message: `needs its HTTPServer ${c.server_name} earlier in the pipeline` };
    }
    return undefined;
  },
  create: (config, env) => new HttpInput(config, env),
});

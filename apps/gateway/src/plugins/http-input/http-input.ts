import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors';
import type { PipelineContext } from '../../engine/pipeline-context';
import { ResultCode, resultCodeToHttp, type Task } from '../../engine/task';
import type { PluginDescriptor, PluginInstance } from '../../engine/types';
import { MUX_BUCKET_KEY } from '../http-server/http-server';
import type { Mux, RouteRegistration, RouteSpec } from '../http-server/mux';
import { sendJsonError } from '../http-server/respond';
import { BodyLimit, limitedBody } from './body-limit';
import { cgiValues } from './cgi';
import { registerQueueIndicators } from './queue-indicators';
import { endToEndHeaders, stripIdentityHeaders, type BodySource, type HttpExchange } from './exchange';
import { httpInputSchema, type HttpInputConfig } from './schema';

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

/**
 * The source of HTTP pipelines: registers one route on its server's mux, turns each matching
 * request into a task, and answers from the task when it finishes.
 */
export class HttpInput implements PluginInstance {
  private readonly route: RouteSpec;
  private readonly headerRules: [string, ReadonlySet<string>][];
  private readonly respondFn = (task: Task): void => this.respond(task);
  /** Routes reserved per pipeline context, served once that pipeline's snapshot goes live. */
  private readonly routes = new Map<PipelineContext, RouteRegistration>();

  constructor(private readonly c: Readonly<HttpInputConfig>) {
    this.route = c.path
      ? { kind: 'param', path: c.path, methods: c.methods }
      : { kind: 'regex', pattern: c.path_regex, priority: c.priority, methods: c.methods };
    this.headerRules = Object.entries(c.headers_enum).map(([h, vs]) => [h.toLowerCase(), new Set(vs)]);
  }

  prepare(ctx: PipelineContext): () => void {
    const mux = ctx.dataBucket(this.c.server_name, '*').queryData(MUX_BUCKET_KEY) as Mux | undefined;
    if (mux === undefined) {
      throw new GatewayError('GW_PIPELINE_ORDER', `HTTPServer ${this.c.server_name} must stand before this HTTPInput`, {
        field: 'config.server_name',
      });
    }
    const reg = mux.add(this.route, ctx, (req, res, params, path, max) => this.accept(ctx, req, res, params, path, max));
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
    maxBody: number,
  ): void {
    for (const [h, allowed] of this.headerRules) {
      const v = req.headers[h];
      if (typeof v !== 'string' || !allowed.has(v)) {
        sendJsonError(res, 400, 'GW_HEADER_NOT_ALLOWED', `header ${h} must be one of ${[...allowed].join(', ')}`);
        req.resume();
        return;
      }
    }
    const ex: HttpExchange = { req, res, params, path, body: limitedBody(req, maxBody) };
    const task = ctx.trigger(ex, (t) => {
      t.addFinishedCallback(this.respondFn);
      res.once('close', () => {
        if (res.writableFinished) return;
        t.cancel(ResultCode.RequesterGone, 'client closed the request', 'GW_CLIENT_CLOSED_REQUEST');
        destroyBody(t.value(this.c.response_body_io_key));
      });
    });
    if (task === undefined) {
      sendJsonError(res, 503, 'GW_QUEUE_FULL', `pipeline ${ctx.pipelineName} is not accepting requests`);
      req.resume();
    }
  }

  private respond(task: Task): void {
    const ex = task.source as HttpExchange;
    const res = ex.res;
    const c = this.c;
    const body = task.value(c.response_body_io_key) as BodySource | undefined;
    if (res.destroyed || res.writableEnded || task.cancelledWith === ResultCode.RequesterGone) {
      destroyBody(body);
      return;
    }
    if (ex.body instanceof BodyLimit && ex.body.exceeded) {
      destroyBody(body);
      res.shouldKeepAlive = false;
      sendJsonError(res, 413, 'GW_BODY_TOO_LARGE', 'request body is too large');
      return;
    }
    if (task.error !== undefined) {
      destroyBody(body);
      const status = resultCodeToHttp(task.resultCode);
      if (c.respond_error) {
        sendJsonError(res, status, task.errorCode ?? CODE_BY_RESULT[status] ?? 'GW_INTERNAL', task.error);
      } else {
        res.statusCode = status;
        res.end();
      }
      return;
    }
    const code = (task.value(c.response_code_key) as number | undefined) ?? task.resultCode;
    const headers = endToEndHeaders(task.value(c.response_header_key) as Record<string, string | string[]> | undefined);
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

export const httpInputPlugin: PluginDescriptor<HttpInputConfig> = {
  kind: 'HTTPInput',
  description: 'Registers a route on an HTTPServer and turns each matching request into a task; answers from task keys.',
  schema: httpInputSchema,
  validate: (c) => {
    if (Boolean(c.path) === Boolean(c.path_regex)) return { field: 'config.path', message: 'exactly one of path and path_regex is required' };
    if (c.path && !c.path.startsWith('/')) return { field: 'config.path', message: 'must start with "/"' };
    if (c.path_regex) {
      try {
        new RegExp(c.path_regex);
      } catch (err) {
        return { field: 'config.path_regex', message: `is not a valid regular expression: ${(err as Error).message}` };
      }
    }
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
  create: (config) => new HttpInput(config),
};

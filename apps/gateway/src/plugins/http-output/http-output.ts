import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import { GatewayError } from '../../errors';
import { ResultCode, type Task } from '../../engine/task';
import { compileTemplate, type Template } from '../../engine/template';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { isHopByHop, type HttpExchange } from '../http-input/exchange';
import { accessRecordOf, noteBackendEnd, noteBackendStart, type AccessRecord } from '../http-server/access-log/access-record';
import type { Node } from '@gatehouse/invoke';
import type { Clock } from '../../engine/clock';
import type { PipelineContext } from '../../engine/pipeline-context';
import { isFieldValue, isToken } from '../shared/http-grammar';
import { GATEWAY_TOKEN_HEADER, isIdentityHeader } from '../shared/token-keys';
import { httpOutputSchema, type HttpOutputConfig } from './schema';
import { allowedOriginSet, canonicalOrigin, checkAllowedOrigins } from './allowed-origins';
import { ActiveHealthCheck } from './active-health-check';
import { attemptFailure, countsAgainstInstance, TIMEOUT_CODES, type AttemptResult } from './attempt-result';
import { BACKEND_HEALTH_BOARD, BackendHealthBoard } from './backend-health-board';
import { BackendCall } from './dispatch-handler';
import { httpOutputErrors } from './errors';
import { REGISTRY_DRIVER, RegistrySource, type RegistryDriver } from './registry-source';
import { RetryBudget } from './retry-budget';
import { mayRetry, type RequestBody } from './retry-policy';
import { checkUpstream } from './upstream-validation';
import { Upstream } from './upstream';
import { compilePath, compileUrl, DotSegmentError, encodeUrlValue, type CompiledUrl } from './url-template';

/** One backend request, rendered once and sent on every attempt. */
interface BackendRequest {
  pool: Pool | undefined;
  method: string;
  body: RequestBody;
  opts: Dispatcher.DispatchOptions;
}

/**
 * Calls a backend: URL, method, headers and body are templates compiled here, once; requests go
 * through a keep-alive undici Pool per origin; request and response bodies stream. With
 * `upstream`, the origin is an instance picked by a balancer among those in rotation (active
 * checks, passive ejection); with `retry`, failed attempts are tried again where that is safe.
 */
export class HttpOutput implements PluginInstance {
  private readonly url: CompiledUrl | undefined;
  private readonly upstreamPath: Template | undefined;
  private readonly method: Template;
  private readonly headerTemplates: [string, Template][];
  private readonly bodyTemplate: Template | undefined;
  private readonly expected: ReadonlySet<number> | undefined;
  private readonly timeoutMs: number;
  private readonly pools = new Map<string, Pool>();

  /** Origins this instance holds a connection pool for. */
  get pooledOrigins(): string[] {
    return [...this.pools.keys()];
  }
  private readonly fixedPool: Pool | undefined;
  private readonly constantMethod: string;
  private readonly allowedOrigins: ReadonlySet<string>;
  private readonly upstream: Upstream | undefined;
  private readonly healthCheck: ActiveHealthCheck | undefined;
  private readonly registry: RegistrySource | undefined;
  private readonly unpublish: (() => void) | undefined;
  private readonly retries: number;
  private readonly budget: RetryBudget | undefined;
  private readonly retryUnsafe: boolean;
  private readonly hashKey: string;
  private readonly clock: Clock;

  constructor(
    private readonly c: Readonly<HttpOutputConfig>,
    env: PluginEnv,
  ) {
    this.clock = env.clock;
    this.method = compileTemplate(c.method, 'config.method');
    this.constantMethod = c.method.toUpperCase();
    this.headerTemplates = Object.entries(c.header_patterns).map(([h, t]) => [h.toLowerCase(), compileTemplate(t, `config.header_patterns.${h}`)]);
    this.bodyTemplate = c.request_body_buffer_pattern ? compileTemplate(c.request_body_buffer_pattern, 'config.request_body_buffer_pattern') : undefined;
    this.expected = c.expected_response_codes.length > 0 ? new Set(c.expected_response_codes) : undefined;
    const retry = c.retry;
    this.timeoutMs = (retry !== undefined && retry.per_try_timeout_sec > 0 ? retry.per_try_timeout_sec : c.timeout_sec) * 1000;
    this.retries = retry?.retries ?? 0;
    this.retryUnsafe = retry?.retry_non_idempotent ?? false;
    this.budget = retry === undefined ? undefined : new RetryBudget(env.clock, retry.budget_percent, retry.budget_window_sec * 1000, retry.min_retries_per_window);
    this.allowedOrigins = allowedOriginSet(c.allowed_origins);
    const up = c.upstream;
    this.hashKey = up?.hash_key ?? '';
    if (up === undefined) {
      this.url = compileUrl(c.url_pattern);
      this.fixedPool = this.url.origin.constant ? this.pool(this.url.origin.source) : undefined;
      return;
    }
    this.upstreamPath = compilePath(c.url_pattern);
    const upstream = new Upstream(up, env.clock, { connections: c.max_connections_per_origin, keepAliveMs: c.keepalive_sec * 1000 });
    this.upstream = upstream;
    if (up.origins !== undefined) upstream.setInstances(up.origins.map(originNode));
    else {
      const driver = up.registry === 'embedded' ? env.services.get<RegistryDriver | undefined>(REGISTRY_DRIVER, () => undefined) : undefined;
      if (up.registry === 'embedded' && driver === undefined) {
        throw new GatewayError('GW_VALIDATION', 'config.upstream.registry is "embedded" but the host provided no registry driver', { field: 'config.upstream.registry' });
      }
      const via = driver !== undefined ? { driver } : { agentUrl: up.registry_agent_url };
      this.registry = new RegistrySource(up.service_name!, via, up.registry_refresh_sec * 1000, upstream, env.clock, env.logger);
    }
    if (up.health_check !== undefined) this.healthCheck = new ActiveHealthCheck(up.health_check, upstream, env.clock, env.logger);
    const board = env.services.get(BACKEND_HEALTH_BOARD, () => new BackendHealthBoard());
    this.unpublish = board.publish(env.pluginName, this, up.origins !== undefined ? 'origins' : `service:${up.service_name}`, () => upstream.health());
  }

  async start(): Promise<void> {
    this.healthCheck?.start();
    await this.registry?.start();
  }

  /** Health indicators of the upstream (instances, in rotation, ejected) and the retries of the window. */
  prepare(ctx: PipelineContext): (() => void) | void {
    const name = ctx.statistics.registerIndicator.bind(ctx.statistics);
    const plugin = this.c.plugin_name;
    const undo: (() => void)[] = [];
    const upstream = this.upstream;
    if (upstream !== undefined) {
      // Every worker knows the same backends and judges their health itself: the host shows the
      // instances once, the fewest any worker routes to, and the most any worker ejected.
      undo.push(name(plugin, 'BACKEND_INSTANCE_COUNT', 'backend instances known (static list or registry)', () => upstream.all().length, { aggregate: 'max' }));
      undo.push(name(plugin, 'BACKEND_AVAILABLE_COUNT', 'backend instances in rotation (healthy and not ejected)', () => upstream.availableCount(), { aggregate: 'min' }));
      undo.push(name(plugin, 'BACKEND_EJECTED_COUNT', 'backend instances ejected by outlier detection', () => upstream.outliers.ejected(), { aggregate: 'max' }));
    }
    const budget = this.budget;
    if (budget !== undefined) undo.push(name(plugin, 'RETRIES_IN_BUDGET_WINDOW', 'retries sent in the retry budget window', () => budget.usage().retries));
    if (undo.length === 0) return;
    return () => undo.forEach((u) => u());
  }

  run(task: Task): Promise<void> {
    const c = this.c;
    const record = accessRecordOf((task.source as HttpExchange | undefined)?.res);
    const pool = this.upstream !== undefined ? undefined : (this.fixedPool ?? this.dynamicPool(task, record));
    if (this.upstream === undefined && pool === undefined) return Promise.resolve();
    if (record !== undefined && this.fixedPool !== undefined) noteBackendStart(record, this.url!.origin.source);
    const method = this.method.constant ? this.constantMethod : this.method.render(task).toUpperCase();
    if (!this.method.constant && !isToken(method)) {
      task.setError('the backend method is not an HTTP token', ResultCode.BadInput, 'GW_BAD_REQUEST');
      return Promise.resolve();
    }
    const headers = this.headers(task, this.bodyTemplate !== undefined);
    if (headers === undefined) return Promise.resolve();
    const pathTemplate = this.upstreamPath ?? this.url!.path;
    let path: string;
    try {
      path = pathTemplate.constant ? pathTemplate.source : pathTemplate.render(task, encodeUrlValue);
    } catch (err) {
      if (!(err instanceof DotSegmentError)) throw err;
      task.setError(`a value of the backend URL would leave its path segment (${err.message})`, ResultCode.BadInput, 'GW_BAD_REQUEST');
      return Promise.resolve();
    }
    if (path.length === 0) path = '/';
    const body: RequestBody = this.bodyTemplate
      ? this.bodyTemplate.render(task)
      : method === 'GET' || method === 'HEAD'
        ? undefined
        : (task.value(c.request_body_io_key) as Readable | Buffer | undefined);
    const opts: Dispatcher.DispatchOptions = {
      path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: body ?? null,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    };
    if (this.upstream === undefined && this.budget === undefined) {
      return this.attempt(task, pool!, opts).then((result) => {
        if (record !== undefined) noteBackendEnd(record);
        this.settle(task, result);
      });
    }
    return this.exchange(task, { pool, method, body, opts }, record);
  }

  /** Attempts until one settles the task: picks an instance per attempt, retries where safe and budgeted. */
  private async exchange(task: Task, req: BackendRequest, record: AccessRecord | undefined): Promise<void> {
    const upstream = this.upstream;
    const key = this.hashKey === '' ? undefined : String(task.value(this.hashKey) ?? '');
    let tried: Set<string> | undefined;
    this.budget?.noteRequest();
    for (let attempt = 0; ; attempt++) {
      const inst = upstream?.pick(key, tried);
      if (upstream !== undefined && inst === undefined) {
        httpOutputErrors.fail(task, 'GW_NO_HEALTHY_BACKEND', 'no backend instance is in rotation (all unhealthy or ejected)');
        return;
      }
      // The access log names the instance of the last attempt and times the exchange from the first.
      if (record !== undefined && inst !== undefined) {
        if (attempt === 0) noteBackendStart(record, inst.origin);
        else record.backend = inst.origin;
      }
      const startedAt = this.clock.now();
      if (inst !== undefined) upstream!.begin(inst);
      const result = await this.attempt(task, inst?.pool ?? req.pool!, req.opts);
      const failure = task.cancelled ? undefined : attemptFailure(result);
      if (inst !== undefined) upstream!.end(inst, startedAt, task.cancelled ? 'neutral' : countsAgainstInstance(result) ? 'failure' : 'ok');
      if (
        failure !== undefined &&
        attempt < this.retries &&
        mayRetry(failure, req.method, req.body, this.retryUnsafe) &&
        this.budget!.tryRetry()
      ) {
        result.response?.body.destroy();
        if (inst !== undefined) (tried ??= new Set()).add(inst.id);
        continue;
      }
      if (record !== undefined) noteBackendEnd(record);
      this.settle(task, result);
      return;
    }
  }

  /** One backend call; resolves with the response head or the error (never rejects). */
  private attempt(task: Task, pool: Pool, opts: Dispatcher.DispatchOptions): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      pool.dispatch(
        opts,
        new BackendCall(
          task.signal,
          (response) => resolve({ response }),
          (error) => resolve({ error }),
        ),
      );
    });
  }

  /** Puts the final attempt's outcome on the task. */
  private settle(task: Task, result: AttemptResult): void {
    const r = result.response;
    if (r === undefined) {
      this.failed(task, result.error);
      return;
    }
    const c = this.c;
    task.setValue(c.response_code_key, r.statusCode);
    task.setValue(c.response_header_key, r.headers);
    task.setValue(c.response_body_io_key, r.body);
    if (this.expected !== undefined && !this.expected.has(r.statusCode)) task.finishEarly();
  }

  /** Maps a failed backend call onto the task: timeouts are 504, everything else 502. */
  private failed(task: Task, err: NodeJS.ErrnoException): void {
    if (task.cancelled) return;
    const code = err.code ?? err.name;
    if (TIMEOUT_CODES.has(code)) {
      httpOutputErrors.fail(task, 'GW_GATEWAY_TIMEOUT', `backend did not answer within ${this.timeoutMs / 1000}s`);
    } else {
      httpOutputErrors.fail(task, 'GW_BAD_GATEWAY', `backend request failed: ${code}`);
    }
  }

  async close(): Promise<void> {
    this.unpublish?.();
    this.healthCheck?.close();
    await this.registry?.close();
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
    await this.upstream?.close();
  }

  /**
   * Inbound end-to-end headers, forwarding headers, then the configured patterns; undefined (and
   * a 400 on the task) when a rendered pattern is not a valid header value.
   */
  private headers(task: Task, bodyReplaced: boolean): Record<string, string | string[]> | undefined {
    const out: Record<string, string | string[]> = {};
    const c = this.c;
    if (c.request_header_key) {
      const inbound = task.value(c.request_header_key) as IncomingHttpHeaders | undefined;
      if (inbound !== undefined) {
        const listed = connectionListed(inbound.connection);
        for (const k in inbound) {
          const v = inbound[k];
          if (v === undefined || k === 'host' || k === GATEWAY_TOKEN_HEADER || isHopByHop(k)) continue;
          // Connection tokens never remove what the gateway itself set (X-UID).
          if (listed?.has(k) && !isIdentityHeader(k)) continue;
          if (bodyReplaced && k === 'content-length') continue;
          out[k] = v;
        }
        const ex = task.source as HttpExchange | undefined;
        const remote = ex?.req?.socket?.remoteAddress;
        if (remote !== undefined) {
          const prior = inbound['x-forwarded-for'];
          out['x-forwarded-for'] = prior ? `${String(prior)}, ${remote}` : remote;
        }
        if (inbound.host !== undefined && inbound['x-forwarded-host'] === undefined) out['x-forwarded-host'] = inbound.host;
      }
    }
    for (let i = 0; i < this.headerTemplates.length; i++) {
      const [h, t] = this.headerTemplates[i]!;
      const value = t.render(task);
      if (!t.constant && !isFieldValue(value)) {
        task.setError(`the value of backend header ${h} has characters a header cannot carry`, ResultCode.BadInput, 'GW_BAD_REQUEST');
        return undefined;
      }
      out[h] = value;
    }
    return out;
  }

  private dynamicPool(task: Task, record: AccessRecord | undefined): Pool | undefined {
    const rendered = this.url!.origin.render(task);
    const origin = canonicalOrigin(rendered);
    if (origin === undefined) {
      task.setError(`backend origin ${JSON.stringify(rendered)} is invalid`, ResultCode.BadInput, 'GW_BAD_REQUEST');
      return undefined;
    }
    // Checked before any pool exists: an unlisted origin never costs a pool or a connection.
    if (!this.allowedOrigins.has(origin)) {
      httpOutputErrors.fail(task, 'GW_ORIGIN_NOT_ALLOWED', `backend origin ${JSON.stringify(origin)} is not in allowed_origins`);
      return undefined;
    }
    if (record !== undefined) noteBackendStart(record, origin);
    return this.pool(origin);
  }

  private pool(origin: string): Pool {
    let p = this.pools.get(origin);
    if (p === undefined) {
      p = new Pool(origin, {
        connections: this.c.max_connections_per_origin,
        keepAliveTimeout: this.c.keepalive_sec * 1000,
        keepAliveMaxTimeout: this.c.keepalive_sec * 1000,
      });
      this.pools.set(origin, p);
    }
    return p;
  }
}

/** A static upstream origin as a balancer node (its id is the origin). */
function originNode(origin: string): Node {
  const url = new URL(origin);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { id: url.origin, address: url.hostname.replace(/^\[|\]$/g, ''), port, metadata: {} };
}

/** Header names a client listed in `Connection:` (hop-by-hop by declaration, RFC 9110 §7.6.1). */
function connectionListed(connection: string | undefined): Set<string> | undefined {
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') return undefined;
  return new Set(connection.split(',').map((t) => t.trim().toLowerCase()));
}

export const httpOutputPlugin = definePlugin<HttpOutputConfig>({
  errors: httpOutputErrors,
  kind: 'HTTPOutput',
  description: 'Sends the task to a backend over keep-alive connections and stores its response in the task.',
  schema: httpOutputSchema,
  validate: (c) => {
    const methodLiterals = c.method.replace(/\{[^{}]*\}/g, '');
    if (methodLiterals !== '' && !isToken(methodLiterals)) return { field: 'config.method', message: 'must be an HTTP method (a token: letters, digits, !#$%&\'*+-.^_`|~)' };
    for (const [h, t] of Object.entries(c.header_patterns)) {
      if (!isToken(h)) return { field: `config.header_patterns.${h}`, message: 'is not a valid header name (an HTTP token)' };
      if (!isFieldValue(t)) return { field: `config.header_patterns.${h}`, message: 'has characters a header value cannot carry (CR, LF, NUL, controls)' };
    }
    const badOrigin = checkAllowedOrigins(c.allowed_origins);
    if (badOrigin !== undefined) return badOrigin;
    if (c.upstream !== undefined) {
      const bad = checkUpstream(c);
      if (bad !== undefined) return bad;
    }
    try {
      if (c.upstream !== undefined) compilePath(c.url_pattern);
      const url = c.upstream === undefined ? compileUrl(c.url_pattern) : undefined;
      if (url === undefined) {
        // the origins come from the upstream
      } else if (!url.origin.constant && c.allowed_origins.length === 0) {
        return { field: 'config.allowed_origins', message: 'must list the origins a templated url_pattern origin may reach' };
      } else if (url.origin.constant && c.allowed_origins.length > 0 && !allowedOriginSet(c.allowed_origins).has(canonicalOrigin(url.origin.source) ?? '')) {
        return { field: 'config.allowed_origins', message: 'does not list the origin of url_pattern' };
      }
      compileTemplate(c.method, 'config.method');
      for (const [h, t] of Object.entries(c.header_patterns)) compileTemplate(t, `config.header_patterns.${h}`);
      compileTemplate(c.request_body_buffer_pattern, 'config.request_body_buffer_pattern');
    } catch (err) {
      if (err instanceof GatewayError) return { field: err.field ?? 'config', message: err.message.replace(`${err.field} `, '') };
      throw err;
    }
    return undefined;
  },
  create: (config, env) => new HttpOutput(config, env),
});

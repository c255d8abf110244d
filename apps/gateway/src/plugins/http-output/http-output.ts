import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import { GatewayError } from '../../errors';
import { ResultCode, type Task } from '../../engine/task';
import { httpOutputErrors } from './errors';
import { compileTemplate, type Template } from '../../engine/template';
import { definePlugin, type PluginInstance } from '../../engine/types';
import { isHopByHop, type HttpExchange } from '../http-input/exchange';
import { accessRecordOf, noteBackendEnd, noteBackendStart, type AccessRecord } from '../http-server/access-log/access-record';
import { isFieldValue, isToken } from '../shared/http-grammar';
import { GATEWAY_TOKEN_HEADER, isIdentityHeader } from '../shared/token-keys';
import { httpOutputSchema, type HttpOutputConfig } from './schema';
import { BackendCall } from './dispatch-handler';
import { compileUrl, DotSegmentError, encodeUrlValue, type CompiledUrl } from './url-template';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Calls a backend: URL, method, headers and body are templates compiled here, once; requests go
 * through a keep-alive undici Pool per origin; request and response bodies stream.
 */
export class HttpOutput implements PluginInstance {
  private readonly url: CompiledUrl;
  private readonly method: Template;
  private readonly headerTemplates: [string, Template][];
  private readonly bodyTemplate: Template | undefined;
  private readonly expected: ReadonlySet<number> | undefined;
  private readonly timeoutMs: number;
  private readonly pools = new Map<string, Pool>();
  private readonly fixedPool: Pool | undefined;
  private readonly constantMethod: string;

  constructor(private readonly c: Readonly<HttpOutputConfig>) {
    this.url = compileUrl(c.url_pattern);
    this.method = compileTemplate(c.method, 'config.method');
    this.constantMethod = c.method.toUpperCase();
    this.headerTemplates = Object.entries(c.header_patterns).map(([h, t]) => [h.toLowerCase(), compileTemplate(t, `config.header_patterns.${h}`)]);
    this.bodyTemplate = c.request_body_buffer_pattern ? compileTemplate(c.request_body_buffer_pattern, 'config.request_body_buffer_pattern') : undefined;
    this.expected = c.expected_response_codes.length > 0 ? new Set(c.expected_response_codes) : undefined;
    this.timeoutMs = c.timeout_sec * 1000;
    this.fixedPool = this.url.origin.constant ? this.pool(this.url.origin.source) : undefined;
  }

  run(task: Task): Promise<void> {
    const c = this.c;
    const record = accessRecordOf((task.source as HttpExchange | undefined)?.res);
    const pool = this.fixedPool ?? this.dynamicPool(task, record);
    if (pool === undefined) return Promise.resolve();
    if (record !== undefined && this.fixedPool !== undefined) noteBackendStart(record, this.url.origin.source);
    const method = this.method.constant ? this.constantMethod : this.method.render(task).toUpperCase();
    if (!this.method.constant && !isToken(method)) {
      task.setError('the backend method is not an HTTP token', ResultCode.BadInput, 'GW_BAD_REQUEST');
      return Promise.resolve();
    }
    const headers = this.headers(task, this.bodyTemplate !== undefined);
    if (headers === undefined) return Promise.resolve();
    let path: string;
    try {
      path = this.url.path.constant ? this.url.path.source : this.url.path.render(task, encodeUrlValue);
    } catch (err) {
      if (!(err instanceof DotSegmentError)) throw err;
      task.setError(`a value of the backend URL would leave its path segment (${err.message})`, ResultCode.BadInput, 'GW_BAD_REQUEST');
      return Promise.resolve();
    }
    if (path.length === 0) path = '/';
    const body = this.bodyTemplate
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
    return new Promise<void>((resolve) => {
      pool.dispatch(
        opts,
        new BackendCall(
          task.signal,
          (r) => {
            if (record !== undefined) noteBackendEnd(record);
            task.setValue(c.response_code_key, r.statusCode);
            task.setValue(c.response_header_key, r.headers);
            task.setValue(c.response_body_io_key, r.body);
            if (this.expected !== undefined && !this.expected.has(r.statusCode)) task.finishEarly();
            resolve();
          },
          (err) => {
            if (record !== undefined) noteBackendEnd(record);
            this.failed(task, err);
            resolve();
          },
        ),
      );
    });
  }

  /** Maps a failed backend call onto the task: timeouts are 504, everything else 502. */
  private failed(task: Task, err: NodeJS.ErrnoException): void {
    if (task.cancelled) return;
    const code = err.code ?? err.name;
    if (TIMEOUT_CODES.has(code)) {
      httpOutputErrors.fail(task, 'GW_GATEWAY_TIMEOUT', `backend did not answer within ${this.c.timeout_sec}s`);
    } else {
      httpOutputErrors.fail(task, 'GW_BAD_GATEWAY', `backend request failed: ${code}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
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
    const origin = this.url.origin.render(task);
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // A value may only name a host and port: no user info, path, query or fragment sneaking in.
    if (url === undefined || url.username || url.password || url.pathname !== '/' || url.search || url.hash || origin.endsWith('/')) {
      task.setError(`backend origin ${JSON.stringify(origin)} is invalid`, ResultCode.BadInput, 'GW_BAD_REQUEST');
      return undefined;
    }
    if (record !== undefined) noteBackendStart(record, url.origin);
    return this.pool(url.origin);
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
    try {
      compileUrl(c.url_pattern);
      compileTemplate(c.method, 'config.method');
      for (const [h, t] of Object.entries(c.header_patterns)) compileTemplate(t, `config.header_patterns.${h}`);
      compileTemplate(c.request_body_buffer_pattern, 'config.request_body_buffer_pattern');
    } catch (err) {
      if (err instanceof GatewayError) return { field: err.field ?? 'config', message: err.message.replace(`${err.field} `, '') };
      throw err;
    }
    return undefined;
  },
  create: (config) => new HttpOutput(config),
});

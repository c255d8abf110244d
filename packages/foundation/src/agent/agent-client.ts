// The one client of the registry agent's loopback protocol: register, heartbeat, deregister,
// discover, health. Every call has a deadline; an unreachable agent or a 5xx answer is retried on
// the clock with backoff (slide 23: "retry 3 times"), a 4xx never is.
import { Pool } from 'undici';
import { retry, type BackoffOptions } from '../backoff';
import type { Clock } from '../clock/clock';
import { systemClock } from '../clock/system-clock';
import { AgentBadReplyError, AgentRejectedError, AgentUnavailableError, InvalidArgumentError } from '../errors';
import { describeError } from '../gatehouse-error';
import { AGENT_UNKNOWN_INSTANCE, servicesProblem, type AgentDiscovery, type AgentHealth, type AgentRegistered, type AgentRegistration } from './protocol';

/** Options of {@link AgentClient}. */
export interface AgentClientOptions {
  /** Base URL of the per-host agent, e.g. `http://127.0.0.1:7070` (plain http; required). */
  agentUrl: string;
  /** Deadline of one request (headers and body). @default 2000 */
  timeoutMs?: number;
  /** Attempts per call while the agent is unreachable or answers 5xx. @default 3 */
  attempts?: number;
  /** Waits between attempts. @default { baseMs: 100, maxMs: 1000 } */
  backoff?: BackoffOptions;
  /** Clock the waits run on. @default systemClock */
  clock?: Clock;
  /** Largest reply accepted, in bytes. @default 1048576 */
  maxReplyBytes?: number;
}

/** Per-call options. */
export interface AgentCallOptions {
  /** Aborts the call and its retries. @default undefined */
  signal?: AbortSignal;
}

interface Reply {
  status: number;
  body: unknown;
}

/** A keep-alive client of one agent. Close it when done. */
export class AgentClient {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoff: BackoffOptions;
  private readonly clock: Clock;
  private readonly maxReplyBytes: number;

  constructor(options: AgentClientOptions) {
    let base: URL;
    try {
      base = new URL(options.agentUrl);
    } catch {
      throw new InvalidArgumentError('agentUrl', `not a URL: ${JSON.stringify(options.agentUrl)}`);
    }
    if (base.protocol !== 'http:') throw new InvalidArgumentError('agentUrl', 'the agent speaks plain http on loopback');
    this.timeoutMs = positiveInt(options.timeoutMs ?? 2000, 'timeoutMs');
    this.attempts = positiveInt(options.attempts ?? 3, 'attempts');
    this.maxReplyBytes = positiveInt(options.maxReplyBytes ?? 1 << 20, 'maxReplyBytes');
    this.backoff = options.backoff ?? { baseMs: 100, maxMs: 1000 };
    this.clock = options.clock ?? systemClock;
    this.prefix = base.pathname.replace(/\/$/, '');
    this.pool = new Pool(base.origin, { connections: 4, keepAliveTimeout: 30_000 });
  }

  /** `POST /v1/register`: registers (or refreshes) one instance. */
  async register(registration: AgentRegistration, opts: AgentCallOptions = {}): Promise<AgentRegistered> {
    const { body } = await this.call('register', 'POST', '/v1/register', registration, opts, [200]);
    const { id, ttl_ms: ttlMs } = (body ?? {}) as { id?: unknown; ttl_ms?: unknown };
    if (typeof id !== 'string' || id === '') throw new AgentBadReplyError('register', 'no instance id');
    return { id, ttlMs: typeof ttlMs === 'number' ? ttlMs : registration.ttl_ms ?? 30_000 };
  }

  /** `POST /v1/heartbeat`: `unknown` when the agent does not know the instance (register again). */
  async heartbeat(instance: { name: string; id: string }, opts: AgentCallOptions = {}): Promise<'ok' | 'unknown'> {
    const { status } = await this.call('heartbeat', 'POST', '/v1/heartbeat', instance, opts, [200], [AGENT_UNKNOWN_INSTANCE]);
    return status === 200 ? 'ok' : 'unknown';
  }

  /** `POST /v1/deregister`: resolves false when the agent did not know the instance. */
  async deregister(instance: { name: string; id: string }, opts: AgentCallOptions = {}): Promise<boolean> {
    const { status } = await this.call('deregister', 'POST', '/v1/deregister', instance, opts, [200], ['REG_AGENT_NOT_FOUND', AGENT_UNKNOWN_INSTANCE]);
    return status === 200;
  }

  /** `GET /v1/discover/{name}`: every version's healthy instances; a 404 is an AgentRejectedError. */
  async discover(name: string, opts: AgentCallOptions = {}): Promise<AgentDiscovery> {
    const { body, stale } = await this.call('discover', 'GET', `/v1/discover/${encodeURIComponent(name)}`, undefined, opts, [200]);
    const services = (body as { services?: unknown } | null)?.services;
    const problem = servicesProblem(services);
    if (problem !== undefined) throw new AgentBadReplyError('discover', problem);
    return { services: services as AgentDiscovery['services'], stale: stale || (body as { stale?: unknown }).stale === true };
  }

  /** `GET /v1/health`. */
  async health(opts: AgentCallOptions = {}): Promise<AgentHealth> {
    const { body } = await this.call('health', 'GET', '/v1/health', undefined, opts, [200]);
    const b = (body ?? {}) as Record<string, unknown>;
    if ((b.status !== 'ok' && b.status !== 'degraded') || (b.registry !== 'up' && b.registry !== 'down')) {
      throw new AgentBadReplyError('health', 'status or registry missing');
    }
    return { status: b.status, registry: b.registry, registrations: Number(b.registrations ?? 0), cachedServices: Number(b.cached_services ?? 0) };
  }

  /** Closes the keep-alive connections. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async call(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    opts: AgentCallOptions,
    okStatuses: number[],
    acceptedCodes: string[] = [],
  ): Promise<Reply & { stale: boolean }> {
    return retry(
      async (_attempt, signal) => {
        const reply = await this.once(operation, method, path, body, signal);
        if (okStatuses.includes(reply.status)) return reply;
        const { code, message, field } = errorBody(reply.body);
        if (reply.status >= 400 && reply.status < 500) {
          if (code !== undefined && acceptedCodes.includes(code)) return reply;
          throw new AgentRejectedError(operation, reply.status, code, message ?? 'no reason given', field);
        }
        throw new AgentUnavailableError(operation, `answered ${reply.status}${message ? `: ${message}` : ''}`, { status: reply.status, ...(code === undefined ? {} : { agentCode: code }) });
      },
      {
        attempts: this.attempts,
        clock: this.clock,
        backoff: this.backoff,
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
        shouldRetry: (err) => err instanceof AgentUnavailableError,
      },
    );
  }

  private async once(operation: string, method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined): Promise<Reply & { stale: boolean }> {
    let status: number;
    let stale: boolean;
    let text: string;
    try {
      const res = await this.pool.request({
        path: `${this.prefix}${path}`,
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(signal === undefined ? {} : { signal }),
      });
      status = res.statusCode;
      stale = res.headers['x-gatehouse-stale'] === '1';
      text = await readLimited(res.body, this.maxReplyBytes);
    } catch (err) {
      if (signal?.aborted === true) throw err;
      throw new AgentUnavailableError(operation, `unreachable: ${describeError(err)}`, { cause: err });
    }
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (err) {
        if (status >= 200 && status < 300) throw new AgentBadReplyError(operation, 'not JSON');
        throw new AgentUnavailableError(operation, `answered ${status} with a body that is not JSON`, { status, cause: err });
      }
    }
    return { status, body: parsed, stale };
  }
}

function errorBody(body: unknown): { code?: string; message?: string; field?: string } {
  if (body === null || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  return {
    ...(typeof b.code === 'string' ? { code: b.code } : {}),
    ...(typeof b.message === 'string' ? { message: b.message } : {}),
    ...(typeof b.field === 'string' ? { field: b.field } : {}),
  };
}

async function readLimited(stream: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) {
      const err = new Error(`reply larger than ${limit} bytes`);
      stream.destroy(err);
      throw err;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function positiveInt(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(field, 'must be a positive integer');
  return value;
}

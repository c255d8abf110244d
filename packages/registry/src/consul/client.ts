// The few Consul HTTP calls the driver makes, on the npm `consul` client (an optional peer
// dependency, loaded lazily so importing the package root never requires it). Errors become
// REG_CONSUL_UNAVAILABLE (network, 5xx) or REG_CONSUL_REJECTED (4xx).
import { EventEmitter } from 'node:events';
import { types } from 'node:util';
import { ConsulRejectedError, ConsulUnavailableError, DriverMissingError } from '../errors';
import type { AgentRegistration, HealthEntry } from './encoding';

/** Where a Consul agent's HTTP API listens. */
export interface ConsulAddress {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 8500 */
  port?: number;
  /** Use HTTPS. @default false */
  secure?: boolean;
  /** ACL token sent as X-Consul-Token. */
  token?: string;
}

/** A blocking-query result: the body and the X-Consul-Index header (0 when absent). */
export interface Indexed<T> {
  index: number;
  body: T;
}

/** Options of one blocking query. */
export interface BlockingOptions {
  index: number;
  waitMs: number;
  /** Emitting `cancel` aborts the request (what papi, under `consul`, listens to). */
  cancel?: EventEmitter;
}

type ConsulCtor = new (opts: Record<string, unknown>) => ConsulLib;
interface ConsulLib {
  agent: {
    self(): Promise<unknown>;
    service: { register(o: Record<string, unknown>): Promise<unknown>; deregister(o: Record<string, unknown>): Promise<unknown> };
    check: { pass(o: Record<string, unknown>): Promise<unknown> };
  };
  health: { service(o: Record<string, unknown>): Promise<unknown> };
  catalog: { service: { list(o: Record<string, unknown>): Promise<unknown> } };
  destroy(): void;
}

let cachedCtor: ConsulCtor | undefined;
function loadConsul(): ConsulCtor {
  if (cachedCtor) return cachedCtor;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cachedCtor = require('consul') as ConsulCtor;
    return cachedCtor;
  } catch (err) {
    throw new DriverMissingError('consul', err);
  }
}

function mapError(operation: string, err: unknown): Error {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new ConsulRejectedError(operation, status, err);
  return new ConsulUnavailableError(operation, err);
}

/**
 * Awaits a client call, turning failures into our errors. The client (consul 2.0.1 on papi)
 * resolves - rather than rejects - with an Error when a reused keep-alive socket is reset
 * ("socket hang up"), so a resolved Error is a failure too.
 */
async function settle<T>(operation: string, call: Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await call;
  } catch (e) {
    throw mapError(operation, e);
  }
  // isNativeError also recognises errors created in another realm (e.g. under a test sandbox).
  if (value instanceof Error || types.isNativeError(value)) throw mapError(operation, value);
  return value;
}

/** A typed facade over one Consul agent. */
export class ConsulClient {
  private readonly lib: ConsulLib;
  private readonly token: string | undefined;

  /** @param requestTimeoutMs timeout of non-blocking calls. */
  constructor(readonly address: ConsulAddress, private readonly requestTimeoutMs: number) {
    const Ctor = loadConsul();
    this.token = address.token;
    this.lib = new Ctor({ host: address.host ?? '127.0.0.1', port: address.port ?? 8500, secure: address.secure ?? false });
  }

  private common(): Record<string, unknown> {
    return this.token === undefined ? { timeout: this.requestTimeoutMs } : { timeout: this.requestTimeoutMs, token: this.token };
  }

  /** PUT /v1/agent/service/register */
  async register(reg: AgentRegistration): Promise<void> {
    await settle('service register', this.lib.agent.service.register({ ...this.common(), ...reg }));
  }

  /** PUT /v1/agent/service/deregister/:id */
  async deregister(id: string): Promise<void> {
    await settle('service deregister', this.lib.agent.service.deregister({ ...this.common(), id }));
  }

  /** PUT /v1/agent/check/pass/:id */
  async passCheck(checkId: string, note: string): Promise<void> {
    await settle('check pass', this.lib.agent.check.pass({ ...this.common(), id: checkId, note }));
  }

  /** GET /v1/agent/self, reduced to the node name and datacenter. */
  async self(): Promise<{ nodeName: string; datacenter: string }> {
    const body = (await settle('agent self', this.lib.agent.self())) as { Config?: { NodeName?: string; Datacenter?: string } };
    return { nodeName: body.Config?.NodeName ?? '', datacenter: body.Config?.Datacenter ?? '' };
  }

  /** GET /v1/health/service/:name (all entries; the caller skips critical ones). */
  async healthService(name: string, b: BlockingOptions): Promise<Indexed<HealthEntry[]>> {
    const r = await this.blocking('health service', (o) => this.lib.health.service({ ...o, service: name }), b);
    return { index: r.index, body: Array.isArray(r.body) ? (r.body as HealthEntry[]) : [] };
  }

  /** GET /v1/catalog/services: name -> tags. */
  async catalogServices(b: BlockingOptions): Promise<Indexed<Record<string, string[]>>> {
    const r = await this.blocking('catalog services', (o) => this.lib.catalog.service.list(o), b);
    const body = r.body !== null && typeof r.body === 'object' ? (r.body as Record<string, string[]>) : {};
    return { index: r.index, body };
  }

  private async blocking(op: string, call: (o: Record<string, unknown>) => Promise<unknown>, b: BlockingOptions): Promise<Indexed<unknown>> {
    // `includeResponse` makes the client resolve [response, body] so the index header is readable.
    const ctx = Object.assign(b.cancel ?? new EventEmitter(), { includeResponse: true });
    const opts: Record<string, unknown> = { ...this.common(), ctx };
    if (b.index > 0) {
      opts.index = String(b.index);
      opts.wait = `${Math.ceil(b.waitMs / 1000)}s`;
      // Consul adds up to wait/16 of jitter; leave room for it and for the network.
      opts.timeout = b.waitMs + Math.ceil(b.waitMs / 16) + this.requestTimeoutMs;
    }
    const [res, body] = (await settle(op, call(opts))) as [{ headers: Record<string, string | undefined> }, unknown];
    const index = Number(res.headers['x-consul-index'] ?? 0);
    return { index: Number.isFinite(index) ? index : 0, body };
  }

  /** Closes the keep-alive sockets. */
  destroy(): void {
    this.lib.destroy();
  }
}

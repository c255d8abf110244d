// The per-host agent (slides 21-23): a loopback HTTP daemon through which apps in any language
// register (validated, retried 3 times, then alarmed; heartbeated while their health URL passes)
// and discover (local cache kept fresh by a watch; stale answers when the registry is down).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { AgentNotFoundError, AgentRegistryUnavailableError, ErrorCodes, isRegistryError, type RegistryError } from '../errors';
import type { Registry, Service } from '../types';
import { causeText, type Alarm } from './alarm';
import { DiscoveryCache } from './discovery-cache';
import { readJsonBody, sendJson } from './http-util';
import { parseDeregister, parseRegister, parseServiceName } from './protocol';
import { Registrations, type Registration } from './registrations';
import { isPermanent, withRetries } from './retry';

/** Options of `createAgent`. */
export interface AgentOptions {
  registry: Registry;
  alarm: Alarm;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 7070 */
  port?: number;
  /** Address registered when a register body has none. @default '127.0.0.1' */
  advertiseAddress?: string;
  /** TTL when a register body has no ttl_ms. @default 30000 */
  defaultTtlMs?: number;
  /** Attempts per registry call before the alarm. @default 3 */
  attempts?: number;
  /** Backoff base between attempts (0 = immediate). @default 100 */
  retryBaseMs?: number;
  /** Period of the registry liveness probe that drives the stale flag. @default 5000 */
  probeIntervalMs?: number;
  /** Largest accepted request body. @default 65536 */
  maxBodyBytes?: number;
  /** @default systemClock */
  clock?: Clock;
}

/** A running agent. */
export interface Agent {
  /** The bound port. */
  readonly port: number;
  /** False after a registry call or probe failed, until the next success. */
  readonly registryUp: boolean;
  close(): Promise<void>;
}

/** Starts an agent listening on host:port. */
export async function createAgent(o: AgentOptions): Promise<Agent> {
  const impl = new AgentServer(o);
  await impl.listen(o.host ?? '127.0.0.1', o.port ?? 7070);
  return impl;
}

class AgentServer implements Agent {
  registryUp = true;
  private readonly clock: Clock;
  private readonly registrations: Registrations;
  private readonly cache: DiscoveryCache;
  private readonly startedAt: number;
  private server: Server | undefined;
  private probeTimer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly o: AgentOptions) {
    this.clock = o.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.cache = new DiscoveryCache(o.registry);
    this.registrations = new Registrations({
      registry: o.registry,
      clock: this.clock,
      onHeartbeatError: (err, reg) => this.heartbeatFailed(err, reg),
      onHeartbeatOk: () => this.markUp(),
    });
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async listen(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.scheduleProbe();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.probeTimer) this.clock.clearTimeout(this.probeTimer);
    this.registrations.stopAll();
    this.cache.close();
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      if (req.method === 'POST' && path === '/v1/register') return await this.register(req, res);
      if (req.method === 'POST' && path === '/v1/deregister') return await this.deregister(req, res);
      const m = path.match(/^\/v1\/discover\/([^/]+)$/);
      if (req.method === 'GET' && m) return await this.discover(m[1]!, res);
      if (req.method === 'GET' && path === '/v1/health') return this.health(res);
      throw new AgentNotFoundError(`no route ${req.method} ${path}`);
    } catch (err) {
      this.sendError(res, err);
    }
  }

  private async register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, this.o.maxBodyBytes ?? 65_536);
    const r = parseRegister(body, this.o.advertiseAddress ?? '127.0.0.1', this.o.defaultTtlMs ?? 30_000);
    await this.call('register', r.service.name, () => this.o.registry.register(r.service, { ttlMs: r.ttlMs }));
    this.registrations.track(r.service, r.ttlMs, r.healthUrl);
    sendJson(res, 200, { id: r.service.nodes[0]!.id, service: r.service, ttl_ms: r.ttlMs });
  }

  private async deregister(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, this.o.maxBodyBytes ?? 65_536);
    const { name, id } = parseDeregister(body, this.o.advertiseAddress ?? '127.0.0.1');
    let service = this.registrations.get(id)?.service;
    if (!service) {
      // Registered through another agent or before a restart: find the instance in the registry.
      const groups = await this.call('getService', name, () => this.o.registry.getService(name));
      const group = groups.find((g) => g.nodes.some((n) => n.id === id));
      if (group) service = { ...group, nodes: group.nodes.filter((n) => n.id === id) };
    }
    if (!service || service.name !== name) throw new AgentNotFoundError(`no instance ${id} of service ${name}`);
    const target: Service = service;
    await this.call('deregister', name, () => this.o.registry.deregister(target));
    this.registrations.untrack(id);
    sendJson(res, 200, { id, deregistered: true });
  }

  private async discover(rawName: string, res: ServerResponse): Promise<void> {
    const name = parseServiceName(rawName);
    const cached = this.cache.get(name);
    if (cached && this.registryUp) return sendJson(res, 200, { services: cached, stale: false });
    if (cached) return this.sendStale(res, cached);
    let groups: Service[];
    try {
      groups = await this.call('getService', name, () => this.o.registry.getService(name));
    } catch (err) {
      const last = this.cache.get(name); // filled by a watch meanwhile?
      if (last && err instanceof AgentRegistryUnavailableError) return this.sendStale(res, last);
      throw err;
    }
    if (groups.length === 0) throw new AgentNotFoundError(`service ${name} has no healthy instance`);
    this.cache.fill(name, groups);
    sendJson(res, 200, { services: groups, stale: false });
  }

  private health(res: ServerResponse): void {
    sendJson(res, 200, {
      status: this.registryUp ? 'ok' : 'degraded',
      registry: this.registryUp ? 'up' : 'down',
      registrations: this.registrations.size,
      cached_services: this.cache.size,
      uptime_ms: this.clock.now() - this.startedAt,
    });
  }

  private sendStale(res: ServerResponse, services: Service[]): void {
    sendJson(res, 200, { services, stale: true }, { 'x-gatehouse-stale': '1' });
  }

  /** A registry call with the agent's retries; exhausted retries raise an alarm and become 503. */
  private async call<T>(op: string, service: string, fn: () => Promise<T>): Promise<T> {
    try {
      const out = await withRetries(fn, { attempts: this.o.attempts ?? 3, baseMs: this.o.retryBaseMs ?? 100, clock: this.clock });
      this.markUp();
      return out;
    } catch (err) {
      if (isPermanent(err)) throw err;
      this.markDown();
      const attempts = this.o.attempts ?? 3;
      const message = `registry ${op} for ${service} failed after ${attempts} attempts`;
      await this.o.alarm.raise({ code: ErrorCodes.AGENT_REGISTRY_UNAVAILABLE, message, cause: causeText(err), context: { service, op, attempts } });
      throw new AgentRegistryUnavailableError(message, err);
    }
  }

  /** Heartbeats are retried by the next beat; `attempts` failures in a row raise one alarm. */
  private heartbeatFailed(err: unknown, reg: Registration): void {
    this.markDown();
    const attempts = this.o.attempts ?? 3;
    if (reg.failures !== attempts) return;
    void this.o.alarm.raise({
      code: ErrorCodes.AGENT_REGISTRY_UNAVAILABLE,
      message: `heartbeat of ${reg.id} failed ${attempts} times in a row; the instance will expire from the registry`,
      cause: causeText(err),
      context: { service: reg.service.name, id: reg.id, op: 'heartbeat', attempts },
    });
  }

  private markDown(): void {
    this.registryUp = false;
  }

  private markUp(): void {
    this.registryUp = true;
  }

  private scheduleProbe(): void {
    const every = this.o.probeIntervalMs ?? 5000;
    this.probeTimer = this.clock.setTimeout(() => {
      this.o.registry.listServices().then(
        () => this.markUp(),
        () => this.markDown(),
      ).finally(() => {
        if (!this.closed) this.scheduleProbe();
      });
    }, every);
  }

  private sendError(res: ServerResponse, err: unknown): void {
    if (!isRegistryError(err)) {
      sendJson(res, 500, { code: ErrorCodes.AGENT_INTERNAL, message: causeText(err) });
      return;
    }
    const status = statusOf(err);
    const body: Record<string, unknown> = { code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (status === 503) body.cause = causeText(err.cause);
    sendJson(res, status, body);
  }
}

function statusOf(err: RegistryError): number {
  switch (err.code) {
    case ErrorCodes.AGENT_BODY_TOO_LARGE:
      return 413;
    case ErrorCodes.AGENT_NOT_FOUND:
      return 404;
    case ErrorCodes.AGENT_REGISTRY_UNAVAILABLE:
      return 503;
    default:
      return 400; // bad request, invalid service/options, metadata too large, Consul 4xx
  }
}

// The per-host agent (slides 21-23): a loopback HTTP daemon through which apps in any language
// register (validated, retried 3 times, then alarmed; heartbeated while their health URL passes;
// kept in a state file so a restarted agent re-registers them) and discover (local cache kept
// fresh by a watch; stale answers, flagged, as soon as a registry call fails).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '@gatehouse/foundation';
import {
  AgentMethodNotAllowedError,
  AgentNotFoundError,
  AgentRegistryUnavailableError,
  AgentUnknownInstanceError,
  ErrorCodes,
  isRegistryError,
} from '../errors';
import type { Registry, Service } from '../types';
import { causeText, type Alarm } from './alarm';
import { DiscoveryCache } from './discovery-cache';
import { readJsonBody, sendJson } from './http-util';
import { parseDeregister, parseHeartbeat, parseRegister, parseServiceName, type RegisterRequest } from './protocol';
import { Registrations, type Registration } from './registrations';
import { isPermanent, withRetries } from './retry';
import { statusOf } from './status';
import { StateFile } from './state-file';

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
  /** Period of the registry liveness probe that clears (or raises) the stale flag. @default 5000 */
  probeIntervalMs?: number;
  /** Largest accepted request body. @default 65536 */
  maxBodyBytes?: number;
  /** Time a request body may take to arrive; slower ones get 408. @default 5000 */
  bodyTimeoutMs?: number;
  /** File the registrations are kept in across restarts; undefined keeps them in memory only. @default undefined */
  stateFile?: string;
  /** @default systemClock */
  clock?: Clock;
}

/** A running agent. */
export interface Agent {
  /** The bound port. */
  readonly port: number;
  /** False from the first failed registry call or probe, until the next success. */
  readonly registryUp: boolean;
  /** Resolves with the number of registrations restored from the state file once they were re-registered (or failed to). */
  readonly restored: Promise<number>;
  close(): Promise<void>;
}

/** Starts an agent listening on host:port (after reading its state file, if any). */
export async function createAgent(o: AgentOptions): Promise<Agent> {
  const impl = new AgentServer(o);
  const saved = await impl.loadState();
  await impl.listen(o.host ?? '127.0.0.1', o.port ?? 7070);
  impl.restore(saved);
  return impl;
}

type Handler = (req: IncomingMessage, res: ServerResponse, match: RegExpMatchArray) => Promise<void> | void;

class AgentServer implements Agent {
  registryUp = true;
  restored: Promise<number> = Promise.resolve(0);
  private readonly clock: Clock;
  private readonly registrations: Registrations;
  private readonly cache: DiscoveryCache;
  private readonly state: StateFile | undefined;
  private readonly startedAt: number;
  private readonly routes: Array<{ path: RegExp; methods: Record<string, Handler> }>;
  private server: Server | undefined;
  private probeTimer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly o: AgentOptions) {
    this.clock = o.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.cache = new DiscoveryCache(o.registry);
    this.state = o.stateFile === undefined ? undefined : new StateFile(o.stateFile);
    this.registrations = new Registrations({
      registry: o.registry,
      clock: this.clock,
      onHeartbeatError: (err, reg) => this.heartbeatFailed(err, reg),
      onHeartbeatOk: () => this.markUp(),
    });
    this.routes = [
      { path: /^\/v1\/register$/, methods: { POST: (req, res) => this.register(req, res) } },
      { path: /^\/v1\/heartbeat$/, methods: { POST: (req, res) => this.heartbeat(req, res) } },
      { path: /^\/v1\/deregister$/, methods: { POST: (req, res) => this.deregister(req, res) } },
      { path: /^\/v1\/discover\/([^/]+)$/, methods: { GET: (_req, res, m) => this.discover(m[1]!, res) } },
      { path: /^\/v1\/health$/, methods: { GET: (_req, res) => this.health(res) } },
    ];
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async listen(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    // Backstops behind the per-request body timeout: slow headers, and a whole request.
    server.headersTimeout = 10_000;
    server.requestTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.scheduleProbe();
  }

  /** Reads the state file; a corrupt one is moved aside with an alarm, and the agent starts empty. */
  async loadState(): Promise<RegisterRequest[]> {
    if (this.state === undefined) return [];
    try {
      const loaded = await this.state.load();
      for (const problem of loaded.problems) await this.alarmState(`skipped an invalid registration in ${this.state.path}: ${problem}`);
      return loaded.registrations;
    } catch (err) {
      const aside = await this.state.quarantine(this.clock.now()).catch(() => undefined);
      await this.alarmState(`${causeText(err)}; starting without saved registrations${aside ? ` (moved to ${aside})` : ''}`, err);
      return [];
    }
  }

  /** Tracks saved registrations again and re-registers each at once (health permitting). */
  restore(saved: RegisterRequest[]): void {
    const regs = saved.map((r) => this.registrations.track(r.service, r.ttlMs, r.healthUrl));
    this.restored = Promise.all(regs.map((reg) => reg.heartbeat.beat())).then(() => regs.length);
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
      for (const route of this.routes) {
        const m = path.match(route.path);
        if (!m) continue;
        const handler = route.methods[req.method ?? ''];
        if (!handler) throw new AgentMethodNotAllowedError(req.method ?? '', path, Object.keys(route.methods));
        return await handler(req, res, m);
      }
      throw new AgentNotFoundError(`no route ${req.method} ${path}`);
    } catch (err) {
      this.sendError(res, err);
    }
  }

  private body(req: IncomingMessage): Promise<unknown> {
    return readJsonBody(req, { maxBytes: this.o.maxBodyBytes ?? 65_536, timeoutMs: this.o.bodyTimeoutMs ?? 5000, clock: this.clock });
  }

  private async register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = parseRegister(await this.body(req), this.o.advertiseAddress ?? '127.0.0.1', this.o.defaultTtlMs ?? 30_000);
    await this.call('register', r.service.name, () => this.o.registry.register(r.service, { ttlMs: r.ttlMs }));
    this.registrations.track(r.service, r.ttlMs, r.healthUrl);
    await this.persist();
    sendJson(res, 200, { id: r.service.nodes[0]!.id, service: r.service, ttl_ms: r.ttlMs });
  }

  private async heartbeat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { name, id } = parseHeartbeat(await this.body(req));
    const reg = this.registrations.get(id);
    if (!reg || reg.service.name !== name) throw new AgentUnknownInstanceError(name, id);
    sendJson(res, 200, { id, registered: true, healthy: reg.healthy });
  }

  private async deregister(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { name, id } = parseDeregister(await this.body(req), this.o.advertiseAddress ?? '127.0.0.1');
    let service = this.registrations.get(id)?.service;
    if (!service) {
      // Registered through another agent or lost: find the instance in the registry.
      const groups = await this.call('getService', name, () => this.o.registry.getService(name));
      const group = groups.find((g) => g.nodes.some((n) => n.id === id));
      if (group) service = { ...group, nodes: group.nodes.filter((n) => n.id === id) };
    }
    if (!service || service.name !== name) throw new AgentNotFoundError(`no instance ${id} of service ${name}`);
    const target: Service = service;
    await this.call('deregister', name, () => this.o.registry.deregister(target));
    this.registrations.untrack(id);
    await this.persist();
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

  /** Writes the registrations to the state file; a failure is alarmed (the registry call itself succeeded). */
  private async persist(): Promise<void> {
    if (this.state === undefined) return;
    await this.state.save(this.registrations.snapshot()).catch((err: unknown) => this.alarmState(causeText(err), err));
  }

  private async alarmState(message: string, err?: unknown): Promise<void> {
    await this.o.alarm.raise({ code: ErrorCodes.AGENT_STATE, message, ...(err === undefined ? {} : { cause: causeText(err) }), context: { op: 'state' } });
  }

  /** A registry call with the agent's retries; the first failure raises the stale flag, exhausted retries an alarm (503). */
  private async call<T>(op: string, service: string, fn: () => Promise<T>): Promise<T> {
    const attempts = this.o.attempts ?? 3;
    try {
      const out = await withRetries(fn, { attempts, baseMs: this.o.retryBaseMs ?? 100, clock: this.clock, onFailure: () => this.markDown() });
      this.markUp();
      return out;
    } catch (err) {
      if (isPermanent(err)) throw err;
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
      this.o.registry
        .listServices()
        .then(
          () => this.markUp(),
          () => this.markDown(),
        )
        .finally(() => {
          if (!this.closed) this.scheduleProbe();
        });
    }, every);
  }

  private sendError(res: ServerResponse, err: unknown): void {
    if (res.headersSent) return;
    if (!isRegistryError(err)) {
      sendJson(res, 500, { code: ErrorCodes.AGENT_INTERNAL, message: causeText(err) });
      return;
    }
    const status = statusOf(err);
    const body: Record<string, unknown> = { ...err.toJSON() };
    if (status === 503) body.cause = causeText(err.cause);
    const headers: Record<string, string> = {};
    if (err instanceof AgentMethodNotAllowedError) headers.allow = err.allow.join(', ');
    // After a body timeout or an oversized body the rest of the request is unread: close the connection.
    if (status === 408 || status === 413) headers.connection = 'close';
    sendJson(res, status, body, headers);
  }
}

// One emulated Consul client agent: owns the services and checks registered on it, runs TTL
// timers, reaps services critical for longer than DeregisterCriticalServiceAfter, and pushes its
// state to the catalog (immediately on change, and on every periodic anti-entropy round).
import type { Clock } from '@gatehouse/foundation';
import { parseDuration } from './duration';
import type { CatalogNode, CheckRecord, CheckStatus, LocalCheck, ServiceRecord } from './state';

/** Consul's CheckDeregisterIntervalMin: shorter DeregisterCriticalServiceAfter values are raised to it. */
export const MIN_DEREGISTER_AFTER_MS = 60_000;
const META_KEY_RE = /^[a-zA-Z0-9_-]+$/;

/** An error answered as plain text with an HTTP status, like Consul's. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Reads a field case-insensitively and ignoring `_`, as Consul's decoder accepts Name/name/… */
export function field(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.replace(/_/g, '').toLowerCase() === want) return v;
  return undefined;
}

/** The cluster-side hooks an agent calls. */
export interface AgentHost {
  clock: Clock;
  /** Replaces this node's catalog entry; bumps the index when it changed. */
  syncNode(node: CatalogNode): void;
}

/** Local state of one agent. */
export class AgentState {
  readonly services = new Map<string, ServiceRecord>();
  readonly checks = new Map<string, LocalCheck>();

  constructor(readonly nodeName: string, readonly address: string, private readonly host: AgentHost) {}

  /** PUT /v1/agent/service/register */
  registerService(body: unknown): void {
    const name = field(body, 'Name');
    if (typeof name !== 'string' || name === '') throw new HttpError(400, 'Missing service name');
    const id = (field(body, 'ID') as string | undefined) || name;
    const port = field(body, 'Port') ?? 0;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw new HttpError(400, 'Invalid service port');
    const meta = (field(body, 'Meta') ?? {}) as Record<string, unknown>;
    validateMeta(meta);
    const tags = (field(body, 'Tags') ?? []) as unknown[];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new HttpError(400, 'Invalid Tags');
    const checkBodies: unknown[] = [];
    if (field(body, 'Check') != null) checkBodies.push(field(body, 'Check'));
    const many = field(body, 'Checks');
    if (Array.isArray(many)) checkBodies.push(...many);
    // Validate every check before changing anything (no half-applied registration).
    const parsed = checkBodies.map((c, i) => parseCheck(c, id, name, checkBodies.length > 1 ? i + 1 : 0));
    for (const old of [...this.checks.values()]) if (old.ServiceID === id) this.dropCheck(old.CheckID);
    this.services.set(id, {
      ID: id,
      Service: name,
      Tags: tags as string[],
      Address: (field(body, 'Address') as string | undefined) ?? '',
      Port: port,
      Meta: meta as Record<string, string>,
    });
    for (const c of parsed) {
      // A TTL check starts critical (Consul's default) and so starts the reap clock.
      if (c.Status === 'critical') c.criticalSince = this.host.clock.now();
      this.checks.set(c.CheckID, c);
      this.armTtl(c);
    }
    this.sync();
  }

  /** PUT /v1/agent/service/deregister/:id */
  deregisterService(id: string): void {
    if (!this.services.delete(id)) throw new HttpError(404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
    for (const c of [...this.checks.values()]) if (c.ServiceID === id) this.dropCheck(c.CheckID);
    this.sync();
  }

  /** PUT /v1/agent/check/{pass,warn,fail,update}/:id */
  updateTtl(checkId: string, status: CheckStatus, output: string): void {
    const c = this.checks.get(checkId);
    if (!c) throw new HttpError(404, `Unknown check ID "${checkId}". Ensure that the check ID is passed, not the check name.`);
    if (c.ttlMs === undefined) throw new HttpError(500, `CheckID "${checkId}" does not have associated TTL`);
    this.setStatus(c, status, output);
    this.armTtl(c);
    this.sync();
  }

  /** Deregisters services whose check stayed critical longer than DeregisterCriticalServiceAfter. */
  reap(): void {
    const now = this.host.clock.now();
    for (const c of [...this.checks.values()]) {
      if (c.deregisterAfterMs === undefined || c.criticalSince === undefined) continue;
      if (now - c.criticalSince > c.deregisterAfterMs && this.services.has(c.ServiceID)) this.deregisterService(c.ServiceID);
    }
  }

  /** Pushes this agent's full local state to the catalog (anti-entropy). */
  sync(): void {
    const checks = new Map<string, CheckRecord>();
    for (const c of this.checks.values()) checks.set(c.CheckID, publicCheck(c));
    this.host.syncNode({
      node: this.nodeName,
      address: this.address,
      services: new Map([...this.services].map(([k, v]) => [k, { ...v, Tags: [...v.Tags], Meta: { ...v.Meta } }])),
      checks,
    });
  }

  /** Cancels every TTL timer (agent shutdown). */
  stopTimers(): void {
    for (const c of this.checks.values()) if (c.timer) this.host.clock.clearTimeout(c.timer);
  }

  private armTtl(c: LocalCheck): void {
    if (c.timer) this.host.clock.clearTimeout(c.timer);
    if (c.ttlMs === undefined) return;
    c.timer = this.host.clock.setTimeout(() => {
      c.timer = undefined;
      this.setStatus(c, 'critical', 'TTL expired');
      this.sync();
    }, c.ttlMs);
  }

  private setStatus(c: LocalCheck, status: CheckStatus, output: string): void {
    c.Status = status;
    c.Output = output;
    if (status !== 'critical') c.criticalSince = undefined;
    else if (c.criticalSince === undefined) c.criticalSince = this.host.clock.now();
  }

  private dropCheck(id: string): void {
    const c = this.checks.get(id);
    if (c?.timer) this.host.clock.clearTimeout(c.timer);
    this.checks.delete(id);
  }
}

function validateMeta(meta: Record<string, unknown>): void {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new HttpError(400, 'Invalid Service Meta: must be an object');
  const keys = Object.keys(meta);
  if (keys.length > 64) throw new HttpError(400, 'Invalid Service Meta: Node metadata cannot contain more than 64 key/value pairs');
  for (const k of keys) {
    const v = meta[k];
    if (!META_KEY_RE.test(k)) throw new HttpError(400, `Invalid Service Meta: Key contains invalid characters`);
    if (k.length > 128) throw new HttpError(400, 'Invalid Service Meta: Key is too long (limit: 128 characters)');
    if (k.startsWith('consul-')) throw new HttpError(400, 'Invalid Service Meta: Key prefix "consul-" is reserved for internal use');
    if (typeof v !== 'string') throw new HttpError(400, 'Invalid Service Meta: values must be strings');
    if (v.length > 512) throw new HttpError(400, 'Invalid Service Meta: Value is too long (limit: 512 characters)');
  }
}

function parseCheck(c: unknown, serviceId: string, serviceName: string, n: number): LocalCheck {
  const ttlText = field(c, 'TTL');
  const ttlMs = typeof ttlText === 'string' ? parseDuration(ttlText) : undefined;
  if (ttlText !== undefined && ttlMs === undefined) throw new HttpError(400, `Invalid check: bad TTL "${String(ttlText)}"`);
  if (ttlMs === undefined) throw new HttpError(400, 'Invalid check: the emulator supports TTL checks only');
  const deregText = field(c, 'DeregisterCriticalServiceAfter');
  let deregisterAfterMs = typeof deregText === 'string' ? parseDuration(deregText) : undefined;
  if (deregText !== undefined && deregisterAfterMs === undefined) throw new HttpError(400, 'Invalid check: bad DeregisterCriticalServiceAfter');
  if (deregisterAfterMs !== undefined && deregisterAfterMs < MIN_DEREGISTER_AFTER_MS) deregisterAfterMs = MIN_DEREGISTER_AFTER_MS;
  const status = (field(c, 'Status') as CheckStatus | undefined) ?? 'critical';
  if (!['passing', 'warning', 'critical'].includes(status)) throw new HttpError(400, `Invalid check status "${status}"`);
  const checkId = (field(c, 'CheckID') as string | undefined) || (n === 0 ? `service:${serviceId}` : `service:${serviceId}:${n}`);
  return {
    CheckID: checkId,
    Name: (field(c, 'Name') as string | undefined) || `Service '${serviceName}' check`,
    Status: status,
    Output: '',
    Notes: (field(c, 'Notes') as string | undefined) ?? '',
    ServiceID: serviceId,
    ServiceName: serviceName,
    Type: 'ttl',
    ttlMs,
    deregisterAfterMs,
    criticalSince: undefined,
    timer: undefined,
  };
}

function publicCheck(c: LocalCheck): CheckRecord {
  return {
    CheckID: c.CheckID,
    Name: c.Name,
    Status: c.Status,
    Output: c.Output,
    Notes: c.Notes,
    ServiceID: c.ServiceID,
    ServiceName: c.ServiceName,
    Type: c.Type,
  };
}

// Validation, copying, grouping and fingerprinting of services, shared by every driver.
import { isIP } from 'node:net';
import { InvalidServiceError } from './errors';
import type { Endpoint, Node, Service } from './types';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const HOST_RE = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * The globally unique instance ID `name-host-port` (slide 41: the same ID on two Consul nodes is
 * two different services to Consul, and deregistering one by ID on the wrong agent does nothing).
 */
export function uniqueNodeId(name: string, address: string, port: number): string {
  return `${name}-${address}-${port}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** True for an IPv4/IPv6 literal or a DNS host name. */
export function isValidAddress(address: string): boolean {
  return isIP(address) !== 0 || HOST_RE.test(address);
}

/** True for an integer TCP port in 1-65535. */
export function isValidPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** True for a service name usable in Consul and in URLs (letters, digits, `.`, `_`, `-`). */
export function isValidServiceName(name: unknown): name is string {
  return typeof name === 'string' && NAME_RE.test(name);
}

function checkStringMap(value: unknown, field: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidServiceError(`${field} must be an object of strings`, field);
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new InvalidServiceError(`${field}.${k} must be a string`, `${field}.${k}`);
  }
}

/** Throws InvalidServiceError unless `service` is well formed; `requireNodes` for register. */
export function validateService(service: Service, requireNodes: boolean): void {
  if (service === null || typeof service !== 'object') throw new InvalidServiceError('service must be an object', 'service');
  if (!isValidServiceName(service.name)) {
    throw new InvalidServiceError('name must be 1-128 letters, digits, ".", "_" or "-"', 'name');
  }
  if (typeof service.version !== 'string') throw new InvalidServiceError('version must be a string', 'version');
  checkStringMap(service.metadata, 'metadata');
  if (!Array.isArray(service.endpoints)) throw new InvalidServiceError('endpoints must be an array', 'endpoints');
  service.endpoints.forEach((e, i) => {
    if (!e || typeof e.name !== 'string' || e.name === '') {
      throw new InvalidServiceError('endpoint name must be a non-empty string', `endpoints[${i}].name`);
    }
    if (e.metadata !== undefined) checkStringMap(e.metadata, `endpoints[${i}].metadata`);
  });
  if (!Array.isArray(service.nodes)) throw new InvalidServiceError('nodes must be an array', 'nodes');
  if (requireNodes && service.nodes.length === 0) throw new InvalidServiceError('at least one node is required', 'nodes');
  const ids = new Set<string>();
  service.nodes.forEach((n, i) => {
    if (!n || typeof n.id !== 'string' || n.id === '') throw new InvalidServiceError('node id must be a non-empty string', `nodes[${i}].id`);
    if (ids.has(n.id)) throw new InvalidServiceError(`duplicate node id ${n.id}`, `nodes[${i}].id`);
    ids.add(n.id);
    if (typeof n.address !== 'string' || !isValidAddress(n.address)) {
      throw new InvalidServiceError('address must be an IP or a host name', `nodes[${i}].address`);
    }
    if (!isValidPort(n.port)) throw new InvalidServiceError('port must be an integer in 1-65535', `nodes[${i}].port`);
    checkStringMap(n.metadata, `nodes[${i}].metadata`);
  });
}

/** Deep copy, so callers can never mutate a driver's state through a returned object. */
export function cloneService(s: Service): Service {
  return {
    name: s.name,
    version: s.version,
    metadata: { ...s.metadata },
    endpoints: s.endpoints.map(cloneEndpoint),
    nodes: s.nodes.map(cloneNode),
  };
}

function cloneEndpoint(e: Endpoint): Endpoint {
  return e.metadata === undefined ? { name: e.name } : { name: e.name, metadata: { ...e.metadata } };
}

/** Copy of a node. */
export function cloneNode(n: Node): Node {
  return { id: n.id, address: n.address, port: n.port, metadata: { ...n.metadata } };
}

/** JSON with object keys sorted, so equal values always give equal strings. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A fingerprint of a whole service group (nodes sorted by id), for change detection. */
export function fingerprint(s: Service): string {
  return stableJson({ ...s, nodes: [...s.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) });
}

/**
 * Groups per-instance entries into one Service per version with its nodes, sorted by version
 * then node id, so every driver returns the same order.
 */
export function groupByVersion(entries: Service[]): Service[] {
  const groups = new Map<string, Service>();
  for (const e of entries) {
    const g = groups.get(e.version);
    if (g) g.nodes.push(...e.nodes.map(cloneNode));
    else groups.set(e.version, cloneService(e));
  }
  const out = [...groups.values()];
  for (const g of out) g.nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

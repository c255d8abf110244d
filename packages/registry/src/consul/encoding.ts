// How a Service instance maps to a Consul agent registration and back. Version, metadata and
// endpoints travel in `Meta` (JSON, split over numbered keys because Consul caps a Meta value at
// 512 characters and a service at 64 keys); the version is also a tag so that
// /v1/catalog/services, which returns only tags, can list versions.
import { MetaTooLargeError } from '../errors';
import { uniqueNodeId } from '../service';
import type { Endpoint, Service } from '../types';

export { uniqueNodeId };

/** Consul limits on service Meta (agent/structs validation). */
export const META_MAX_KEYS = 64;
export const META_MAX_VALUE = 512;
const VERSION_TAG = 'gh-version=';
const K_VERSION = 'gh_version';
const K_NODE_ID = 'gh_node'; // marks entries written by this driver
const P_SERVICE_META = 'gh_smeta';
const P_NODE_META = 'gh_nmeta';
const P_ENDPOINTS = 'gh_ep';

/** The body of PUT /v1/agent/service/register, in the `consul` client's lower-case option form. */
export interface AgentRegistration {
  id: string;
  name: string;
  address: string;
  port: number;
  tags: string[];
  meta: Record<string, string>;
  check: { name: string; checkid: string; ttl: string; deregistercriticalserviceafter: string };
}

/** Consul's duration syntax for a millisecond count. */
export function consulDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function putChunked(meta: Record<string, string>, prefix: string, value: unknown): void {
  const json = JSON.stringify(value);
  const chunks = Math.max(1, Math.ceil(json.length / META_MAX_VALUE));
  for (let i = 0; i < chunks; i++) meta[`${prefix}_${i}`] = json.slice(i * META_MAX_VALUE, (i + 1) * META_MAX_VALUE);
}

function getChunked<T>(meta: Record<string, string>, prefix: string, fallback: T): T {
  let json = '';
  for (let i = 0; meta[`${prefix}_${i}`] !== undefined; i++) json += meta[`${prefix}_${i}`];
  if (json === '') return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

/** Builds the registration of node `nodeIndex` of `service`; throws MetaTooLargeError when it cannot fit. */
export function toRegistration(service: Service, nodeIndex: number, ttlMs: number, deregisterAfterMs: number): AgentRegistration {
  const node = service.nodes[nodeIndex]!;
  const id = uniqueNodeId(service.name, node.address, node.port);
  const meta: Record<string, string> = { [K_VERSION]: service.version, [K_NODE_ID]: '1' };
  putChunked(meta, P_SERVICE_META, service.metadata);
  putChunked(meta, P_NODE_META, node.metadata);
  putChunked(meta, P_ENDPOINTS, service.endpoints);
  if (Object.keys(meta).length > META_MAX_KEYS) {
    throw new MetaTooLargeError(`metadata and endpoints of ${service.name} need more than ${META_MAX_KEYS} Consul Meta keys`);
  }
  if (service.version.length > META_MAX_VALUE) throw new MetaTooLargeError(`version of ${service.name} is longer than ${META_MAX_VALUE}`);
  return {
    id,
    name: service.name,
    address: node.address,
    port: node.port,
    tags: [`${VERSION_TAG}${service.version}`],
    meta,
    check: {
      name: `gatehouse ttl ${id}`,
      checkid: `service:${id}`,
      ttl: consulDuration(ttlMs),
      deregistercriticalserviceafter: consulDuration(deregisterAfterMs),
    },
  };
}

/** One element of GET /v1/health/service/:name (the fields this driver reads). */
export interface HealthEntry {
  Node?: { Node?: string; Address?: string };
  Service?: { ID?: string; Service?: string; Address?: string; Port?: number; Tags?: string[] | null; Meta?: Record<string, string> | null };
  Checks?: { Status?: string; ServiceID?: string }[];
}

/** True when any check of the entry (node-level or its own) is critical: such nodes are skipped. */
export function isCritical(entry: HealthEntry): boolean {
  return (entry.Checks ?? []).some((c) => c.Status === 'critical');
}

/** Converts a health entry into a one-node Service, or undefined when it is malformed. */
export function fromHealthEntry(entry: HealthEntry): Service | undefined {
  const s = entry.Service;
  if (!s || typeof s.Service !== 'string' || typeof s.ID !== 'string' || typeof s.Port !== 'number') return undefined;
  const meta = s.Meta ?? {};
  const ours = meta[K_NODE_ID] !== undefined;
  const address = s.Address || entry.Node?.Address || '';
  return {
    name: s.Service,
    version: meta[K_VERSION] ?? versionFromTags(s.Tags ?? []) ?? '',
    metadata: ours ? getChunked<Record<string, string>>(meta, P_SERVICE_META, {}) : { ...meta },
    endpoints: ours ? getChunked<Endpoint[]>(meta, P_ENDPOINTS, []) : [],
    nodes: [{ id: s.ID, address, port: s.Port, metadata: ours ? getChunked<Record<string, string>>(meta, P_NODE_META, {}) : {} }],
  };
}

/** The versions named by `gh-version=` tags. */
export function versionsFromTags(tags: string[]): string[] {
  return tags.filter((t) => t.startsWith(VERSION_TAG)).map((t) => t.slice(VERSION_TAG.length));
}

function versionFromTags(tags: string[]): string | undefined {
  return versionsFromTags(tags)[0];
}

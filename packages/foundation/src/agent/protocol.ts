// The registry agent's loopback JSON protocol as seen by its clients (the agent itself lives in
// @gatehouse/registry/agent; its README documents every route). Wire names are snake_case.

/** One instance of a service. */
export interface AgentNode {
  id: string;
  address: string;
  port: number;
  metadata: Record<string, string>;
}

/** One version of a service with its healthy instances (the go-micro shape). */
export interface AgentService {
  name: string;
  version: string;
  metadata: Record<string, string>;
  endpoints: Array<{ name: string; metadata?: Record<string, string> }>;
  nodes: AgentNode[];
}

/** The body of `POST /v1/register`. */
export interface AgentRegistration {
  name: string;
  port: number;
  version?: string;
  address?: string;
  metadata?: Record<string, string>;
  node_metadata?: Record<string, string>;
  endpoints?: Array<{ name: string; metadata?: Record<string, string> }>;
  ttl_ms?: number;
  health_url?: string;
}

/** What a successful registration answers. */
export interface AgentRegistered {
  /** The instance id to heartbeat and deregister with. */
  id: string;
  /** The TTL the agent keeps the instance alive with. */
  ttlMs: number;
}

/** What a discovery answers. */
export interface AgentDiscovery {
  /** One entry per version. */
  services: AgentService[];
  /** True when the agent could not reach the registry and answered from its cache. */
  stale: boolean;
}

/** `GET /v1/health`. */
export interface AgentHealth {
  status: 'ok' | 'degraded';
  registry: 'up' | 'down';
  registrations: number;
  cachedServices: number;
}

/** The code the agent answers a heartbeat of an instance it does not know with (HTTP 404). */
export const AGENT_UNKNOWN_INSTANCE = 'REG_AGENT_UNKNOWN_INSTANCE';

/** Checks a discovery's `services`; returns the problem, or undefined when well formed. */
export function servicesProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'services is not an array';
  for (const s of value as unknown[]) {
    if (s === null || typeof s !== 'object') return 'a service is not an object';
    const { name, version, nodes } = s as Partial<AgentService>;
    if (typeof name !== 'string' || typeof version !== 'string') return 'a service lacks name or version';
    if (!Array.isArray(nodes)) return 'a service has no nodes array';
    for (const n of nodes as unknown[]) {
      const node = n as Partial<AgentNode> | null;
      if (node === null || typeof node !== 'object') return 'a node is not an object';
      if (typeof node.id !== 'string' || typeof node.address !== 'string') return 'a node lacks id or address';
      if (typeof node.port !== 'number' || !Number.isInteger(node.port) || node.port < 1 || node.port > 65535) {
        return `node ${node.id} has an invalid port`;
      }
    }
  }
  return undefined;
}

// The agent's JSON protocol: parsing and validating request bodies into registry types.
// Every problem becomes AgentBadRequestError naming the field, answered as 400 {code, message, field}.
import { AgentBadRequestError } from '../errors';
import { isValidAddress, isValidPort, isValidServiceName, uniqueNodeId } from '../service';
import type { Endpoint, Service } from '../types';

/** TTL bounds accepted from apps. */
export const MIN_TTL_MS = 1000;
export const MAX_TTL_MS = 3_600_000;

/** A validated POST /v1/register. */
export interface RegisterRequest {
  service: Service;
  ttlMs: number;
  healthUrl: string | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v)) throw new AgentBadRequestError(`${field} must be an object of strings`, field);
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw new AgentBadRequestError(`${field}.${k} must be a string`, `${field}.${k}`);
  }
  return { ...(v as Record<string, string>) };
}

function endpoints(v: unknown): Endpoint[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new AgentBadRequestError('endpoints must be an array', 'endpoints');
  return v.map((e: unknown, i) => {
    if (!isObject(e) || typeof e.name !== 'string' || e.name === '') {
      throw new AgentBadRequestError('each endpoint needs a non-empty name', `endpoints[${i}].name`);
    }
    return e.metadata === undefined ? { name: e.name } : { name: e.name, metadata: stringMap(e.metadata, `endpoints[${i}].metadata`) };
  });
}

/**
 * Validates a register body `{name, version?, address?, port, metadata?, endpoints?, ttl_ms?,
 * health_url?}`; `defaultAddress` is used when `address` is absent.
 */
export function parseRegister(body: unknown, defaultAddress: string, defaultTtlMs: number): RegisterRequest {
  if (!isObject(body)) throw new AgentBadRequestError('body must be a JSON object', 'body');
  const { name, version, address, port, ttl_ms: ttl, health_url: healthUrl } = body;
  if (name === undefined) throw new AgentBadRequestError('name is required', 'name');
  if (!isValidServiceName(name)) throw new AgentBadRequestError('name must be 1-128 letters, digits, ".", "_" or "-"', 'name');
  if (version !== undefined && typeof version !== 'string') throw new AgentBadRequestError('version must be a string', 'version');
  if (address !== undefined && (typeof address !== 'string' || !isValidAddress(address))) {
    throw new AgentBadRequestError('address must be an IP address or a host name', 'address');
  }
  if (port === undefined) throw new AgentBadRequestError('port is required', 'port');
  if (!isValidPort(port)) throw new AgentBadRequestError('port must be an integer in 1-65535', 'port');
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < MIN_TTL_MS || ttl > MAX_TTL_MS)) {
    throw new AgentBadRequestError(`ttl_ms must be an integer in ${MIN_TTL_MS}-${MAX_TTL_MS}`, 'ttl_ms');
  }
  if (healthUrl !== undefined && !isHttpUrl(healthUrl)) throw new AgentBadRequestError('health_url must be an http(s) URL', 'health_url');
  const host = (address as string | undefined) ?? defaultAddress;
  const service: Service = {
    name,
    version: (version as string | undefined) ?? '',
    metadata: stringMap(body.metadata, 'metadata'),
    endpoints: endpoints(body.endpoints),
    nodes: [{ id: uniqueNodeId(name, host, port), address: host, port, metadata: stringMap(body.node_metadata, 'node_metadata') }],
  };
  return { service, ttlMs: (ttl as number | undefined) ?? defaultTtlMs, healthUrl: healthUrl as string | undefined };
}

/** A validated POST /v1/deregister: `{name, id}` or a register body. */
export function parseDeregister(body: unknown, defaultAddress: string): { name: string; id: string } {
  if (!isObject(body)) throw new AgentBadRequestError('body must be a JSON object', 'body');
  if (body.id !== undefined) {
    if (!isValidServiceName(body.name)) throw new AgentBadRequestError('name is required', 'name');
    if (typeof body.id !== 'string' || body.id === '') throw new AgentBadRequestError('id must be a non-empty string', 'id');
    return { name: body.name, id: body.id };
  }
  const reg = parseRegister(body, defaultAddress, MIN_TTL_MS);
  return { name: reg.service.name, id: reg.service.nodes[0]!.id };
}

/** A validated POST /v1/heartbeat: `{name, id}`. */
export function parseHeartbeat(body: unknown): { name: string; id: string } {
  if (!isObject(body)) throw new AgentBadRequestError('body must be a JSON object', 'body');
  if (!isValidServiceName(body.name)) throw new AgentBadRequestError('name is required', 'name');
  if (typeof body.id !== 'string' || body.id === '' || body.id.length > 512) throw new AgentBadRequestError('id must be a non-empty string', 'id');
  return { name: body.name, id: body.id };
}

/** Validates the {name} of GET /v1/discover/{name}. */
export function parseServiceName(raw: string): string {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new AgentBadRequestError('service name is not valid URL encoding', 'name');
  }
  if (!isValidServiceName(name)) throw new AgentBadRequestError('name must be 1-128 letters, digits, ".", "_" or "-"', 'name');
  return name;
}

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

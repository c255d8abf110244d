import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors';
import { httpServerErrors } from './errors';
import { SafeRegex } from '../../engine/safe-regex';

/** How the server wants request bodies read; HTTPServer's config, computed once. */
export interface BodyPolicy {
  /** Largest body, 0 = unlimited. */
  readonly maxBodyBytes: number;
  /** Bytes of body read before the request becomes a task. */
  readonly bufferBytes: number;
  /** Longest pause between two body reads. */
  readonly bodyTimeoutMs: number;
}

/** What a route's owner does with a matched request. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
  path: string,
  body: BodyPolicy,
) => void;

/** One registration of a route for one method; the newest active one of a stack serves. */
interface Entry {
  readonly owner: object;
  readonly handler: RouteHandler;
  active: boolean;
}

/** A route reserved on the mux: it serves from `activate` until `remove`. */
export interface RouteRegistration {
  activate(): void;
  remove(): void;
}

/** All registrations at one path (param template or regexp), per method. */
class RouteNode {
  readonly methods = new Map<string, Entry[]>();
  paramNames: readonly string[] = [];
  /** Registrations across all methods; 0 means the node serves nothing (kept cheap to test). */
  registrations = 0;

  allowed(): string[] {
    return [...this.methods].filter(([, s]) => s.some((e) => e.active)).map(([m]) => m);
  }
}

interface TrieNode {
  statics: Map<string, TrieNode>;
  param: TrieNode | undefined;
  rest: RouteNode | undefined;
  route: RouteNode | undefined;
}

const newTrie = (): TrieNode => ({ statics: new Map(), param: undefined, rest: undefined, route: undefined });

interface RegexRoute {
  readonly source: string;
  readonly re: SafeRegex;
  readonly priority: number;
  readonly seq: number;
  readonly node: RouteNode;
}

/** A route as HTTPInput declares it. */
export type RouteSpec =
  | { kind: 'param'; path: string; methods: readonly string[] }
  | { kind: 'regex'; pattern: string; priority: number; methods: readonly string[] };

export interface MuxMatch {
  node: RouteNode;
  params: Record<string, string>;
}

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}$/;
const EMPTY: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * The HTTP server's router. Static paths are one map lookup and param templates (`/users/{id}`,
 * trailing `{rest...}`) walk a segment trie, so lookup cost does not grow with the number of
 * routes; regexp routes are tried after them, highest `priority` first. Each (route, method)
 * keeps a stack of registrations: the newest serves, so a rebuilt HTTPInput takes over its route
 * atomically and a rolled-back one gives it back. Two owners (pipelines) never share a route.
 */
export class Mux {
  private readonly exact = new Map<string, RouteNode>();
  private readonly trie = newTrie();
  private regexes: RegexRoute[] = [];
  private seq = 0;

  /**
   * Reserves `spec` for `owner` (refusing a route another owner holds) without serving it yet,
   * so a change can be persisted before any request reaches it.
   */
  add(spec: RouteSpec, owner: object, handler: RouteHandler): RouteRegistration {
    const node = spec.kind === 'param' ? this.paramNode(spec.path) : this.regexNode(spec.pattern, spec.priority);
    for (const m of spec.methods) {
      const top = node.methods.get(m)?.at(-1);
      if (top !== undefined && top.owner !== owner) {
        const route = spec.kind === 'param' ? spec.path : spec.pattern;
        throw httpServerErrors.create('GW_ROUTE_CONFLICT', `route ${m} ${route} is already served by another pipeline`, {
          field: spec.kind === 'param' ? 'config.path' : 'config.path_regex',
        });
      }
    }
    const entry: Entry = { owner, handler, active: false };
    for (const m of spec.methods) {
      let stack = node.methods.get(m);
      if (stack === undefined) node.methods.set(m, (stack = []));
      stack.push(entry);
    }
    const methods = spec.methods.length;
    return {
      activate: () => {
        if (entry.active) return;
        entry.active = true;
        node.registrations += methods;
      },
      remove: () => {
        for (const m of spec.methods) {
          const stack = node.methods.get(m);
          const i = stack?.lastIndexOf(entry) ?? -1;
          if (stack && i >= 0) stack.splice(i, 1);
        }
        if (entry.active) node.registrations -= methods;
        entry.active = false;
      },
    };
  }

  /** Finds the route serving `path` (no query string), or undefined for 404. */
  match(path: string): MuxMatch | undefined {
    const exact = this.exact.get(path);
    if (exact !== undefined && exact.registrations > 0) return { node: exact, params: EMPTY };
    const viaTrie = this.matchTrie(path);
    if (viaTrie) return viaTrie;
    for (const r of this.regexes) {
      if (r.node.registrations === 0) continue;
      const m = r.re.exec(path);
      if (m) return { node: r.node, params: { ...m.named } };
    }
    return undefined;
  }

  /** The handler for `method` at a matched node, or the allowed methods for a 405. */
  static handlerFor(node: RouteNode, method: string): RouteHandler | string[] {
    const stack = node.methods.get(method);
    if (stack !== undefined) {
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.active) return stack[i]!.handler;
    }
    return node.allowed();
  }

  private paramNode(path: string): RouteNode {
    if (!path.startsWith('/')) {
      throw new GatewayError('GW_VALIDATION', 'config.path must start with "/"', { field: 'config.path' });
    }
    const segments = path.split('/').slice(1);
    const mixed = segments.find((s) => (s.includes('{') || s.includes('}')) && !PARAM.test(s));
    if (mixed !== undefined) {
      throw new GatewayError('GW_VALIDATION', `config.path segment "${mixed}" must be literal or a whole {param}`, { field: 'config.path' });
    }
    if (!segments.some((s) => s.startsWith('{'))) {
      let node = this.exact.get(path);
      if (node === undefined) this.exact.set(path, (node = new RouteNode()));
      return node;
    }
    let t = this.trie;
    const names: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const p = PARAM.exec(seg);
      if (p) {
        names.push(p[1]!);
        if (p[2] !== undefined) {
          if (i !== segments.length - 1) {
            throw new GatewayError('GW_VALIDATION', 'config.path may use {name...} only as its last segment', { field: 'config.path' });
          }
          t.rest ??= new RouteNode();
          return this.withNames(t.rest, names);
        }
        t = t.param ??= newTrie();
      } else {
        let next = t.statics.get(seg);
        if (next === undefined) t.statics.set(seg, (next = newTrie()));
        t = next;
      }
    }
    t.route ??= new RouteNode();
    return this.withNames(t.route, names);
  }

  private withNames(node: RouteNode, names: string[]): RouteNode {
    if (node.registrations === 0) node.paramNames = names;
    else if (node.paramNames.join('/') !== names.join('/')) {
      throw httpServerErrors.create('GW_ROUTE_CONFLICT', 'a route with the same shape but other parameter names exists', { field: 'config.path' });
    }
    return node;
  }

  private regexNode(pattern: string, priority: number): RouteNode {
    const existing = this.regexes.find((r) => r.source === pattern);
    if (existing) return existing.node;
    const re = SafeRegex.compile(pattern.startsWith('^') ? pattern : `^${pattern}`, 'config.path_regex');
    const route: RegexRoute = { source: pattern, re, priority, seq: this.seq++, node: new RouteNode() };
    this.regexes = [...this.regexes, route].sort((a, b) => b.priority - a.priority || a.seq - b.seq);
    return route.node;
  }

  private matchTrie(path: string): MuxMatch | undefined {
    if (path.length === 0 || path.charCodeAt(0) !== 47) return undefined;
    const values: string[] = [];
    const node = walk(this.trie, path, 1, values);
    if (node === undefined) return undefined;
    const params = Object.create(null) as Record<string, string>;
    for (let i = 0; i < values.length; i++) params[node.paramNames[i]!] = values[i]!;
    return { node, params };
  }
}

/** Matches `path` from `start` below `t`; statics win over params, params over `{rest...}`. */
function walk(t: TrieNode, path: string, start: number, values: string[]): RouteNode | undefined {
  if (start > path.length) return t.route !== undefined && t.route.registrations > 0 ? t.route : undefined;
  let end = path.indexOf('/', start);
  if (end < 0) end = path.length;
  const seg = path.slice(start, end);
  const next = t.statics.get(seg);
  if (next !== undefined) {
    const found = walk(next, path, end + 1, values);
    if (found) return found;
  }
  if (t.param !== undefined && seg.length > 0) {
    values.push(safeDecode(seg));
    const found = walk(t.param, path, end + 1, values);
    if (found) return found;
    values.pop();
  }
  if (t.rest !== undefined && t.rest.registrations > 0) {
    values.push(safeDecode(path.slice(start)));
    return t.rest;
  }
  return undefined;
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

import { GatewayError } from '../../errors';
import { compileTemplate, type Template } from '../../engine/template';
import type { Task } from '../../engine/task';

/** A backend URL template split at config time into an origin and a path template. */
export interface CompiledUrl {
  /** Origin template (`http://host:port`); constant in the common case, so the pool is fixed. */
  readonly origin: Template;
  /**
   * Path-and-query template; always renders a string starting with "/". Unless the pattern has a
   * query of its own or places the request's (`?…`, `{REQUEST_URI}`, `{QUERY_STRING}`), the
   * request's query string is appended: `/svc/{rest...}` → `http://b/{rest}` sends `/x?y=1` as `/x?y=1`.
   */
  readonly path: Template;
}

const SCHEME = /^(https?):\/\//;

export function compileUrl(pattern: string): CompiledUrl {
  const field = 'config.url_pattern';
  const scheme = SCHEME.exec(pattern);
  if (!scheme) throw new GatewayError('GW_VALIDATION', `${field} must start with http:// or https://`, { field });
  const rest = pattern.slice(scheme[0].length);
  // The authority ends at the first "/" or "?" that is not inside a placeholder.
  let depth = 0;
  let cut = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0 && (ch === '/' || ch === '?')) {
      cut = i;
      break;
    }
  }
  // `http://host:port{REQUEST_URI}`: a placeholder right after an explicit port starts the path.
  const brace = rest.indexOf('{');
  if (brace > 0 && brace < cut && /^[^/?{}]+:\d+$/.test(rest.slice(0, brace))) cut = brace;
  if (cut === 0) throw new GatewayError('GW_VALIDATION', `${field} has no host`, { field });
  const origin = compileTemplate(`${scheme[0]}${rest.slice(0, cut)}`, field);
  if (origin.constant) {
    try {
      new URL(origin.source);
    } catch {
      throw new GatewayError('GW_VALIDATION', `${field} has an invalid host`, { field });
    }
  }
  let pathSource = rest.slice(cut);
  if (pathSource.startsWith('?')) pathSource = `/${pathSource}`;
  return { origin, path: compilePathTemplate(pathSource) };
}

/**
 * A `url_pattern` that is only a path (`/login`, `{REQUEST_URI}`), for an HTTPOutput whose
 * `upstream` supplies the origins.
 */
export function compilePath(pattern: string): Template {
  if (!pattern.startsWith('/') && !pattern.startsWith('{')) {
    throw new GatewayError('GW_VALIDATION', 'config.url_pattern must be a path (starting with "/" or a placeholder) when upstream is set', { field: 'config.url_pattern' });
  }
  return compilePathTemplate(pattern);
}

function compilePathTemplate(pathSource: string): Template {
  const path = compileTemplate(pathSource, 'config.url_pattern');
  const placesQuery = pathSource.includes('?') || path.keys.includes('REQUEST_URI') || path.keys.includes('QUERY_STRING');
  return placesQuery ? path : withRequestQuery(path);
}

/** `path` followed by `?` and the request's QUERY_STRING when it has one. */
function withRequestQuery(path: Template): Template {
  return {
    source: path.source,
    keys: [...path.keys, 'QUERY_STRING'],
    constant: false,
    render(task: Task, encode?: (key: string, value: string) => string): string {
      const base = path.render(task, encode);
      const query = task.value('QUERY_STRING');
      return typeof query === 'string' && query !== '' ? `${base}?${query}` : base;
    },
  };
}

/** Keys whose values are already URL text (taken from the request line) and go in unchanged. */
const URL_KEYS = new Set(['REQUEST_URI', 'PATH_INFO', 'QUERY_STRING']);

/** Thrown by `encodeUrlValue` for a value that would climb out of its path segment. */
export class DotSegmentError extends Error {}

/**
 * Escapes a task value placed in a backend URL so it cannot add a query, a fragment or change
 * the path: each "/"-separated part goes through encodeURIComponent ("?", "#", "&", "=", "%" and
 * spaces are encoded; "/" is kept so `{rest...}` params still map to sub-paths); "." and ".."
 * segments are refused.
 */
export function encodeUrlValue(key: string, value: string): string {
  if (URL_KEYS.has(key)) return value;
  if (/^[A-Za-z0-9_~-]*$/.test(value)) return value;
  const parts = value.split('/');
  for (const p of parts) if (p === '.' || p === '..') throw new DotSegmentError(`${key} contains a dot segment`);
  return parts.map(encodeURIComponent).join('/');
}

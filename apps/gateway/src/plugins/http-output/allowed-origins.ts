/**
 * The origins a templated `url_pattern` may reach. Without this list a template fed by request
 * values could name any host, and each new host would get its own keep-alive pool: an open relay
 * and an unbounded number of pools. With it, pools exist for listed origins only.
 */

/** `value` as a canonical origin (`http://host:port`, default ports dropped), or undefined when it is not a bare origin. */
export function canonicalOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // Only a scheme, a host and a port: no user info, path, query or fragment sneaking in.
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || value.endsWith('/')) return undefined;
  return url.origin;
}

/** Checks `allowed_origins` at config time; a message naming the bad entry, or undefined. */
export function checkAllowedOrigins(origins: readonly string[]): { field: string; message: string } | undefined {
  for (let i = 0; i < origins.length; i++) {
    if (canonicalOrigin(origins[i]!) === undefined) {
      return { field: `config.allowed_origins.${i}`, message: 'must be an origin: http(s)://host[:port], without a path, user info, query or fragment' };
    }
  }
  return undefined;
}

/** The canonical set of `allowed_origins` (validated before). */
export function allowedOriginSet(origins: readonly string[]): ReadonlySet<string> {
  return new Set(origins.map((o) => canonicalOrigin(o)!));
}

import { canonicalOrigin } from './allowed-origins';
import type { HttpOutputConfig } from './schema';

/** Cross-field rules of `upstream` a schema cannot say; a message naming the field, or undefined. */
export function checkUpstream(c: Readonly<HttpOutputConfig>): { field: string; message: string } | undefined {
  const up = c.upstream!;
  if ((up.origins === undefined) === (up.service_name === undefined)) {
    return { field: 'config.upstream', message: 'needs exactly one of origins and service_name' };
  }
  if (c.allowed_origins.length > 0) return { field: 'config.allowed_origins', message: 'does not apply with upstream (its origins are the allowed ones)' };
  if (up.origins !== undefined) {
    for (let i = 0; i < up.origins.length; i++) {
      if (canonicalOrigin(up.origins[i]!)?.startsWith('http:') !== true) {
        return { field: `config.upstream.origins.${i}`, message: 'must be an http origin: http://host:port, without a path, user info, query or fragment' };
      }
    }
    const canonical = new Set(up.origins.map((o) => canonicalOrigin(o)));
    if (canonical.size !== up.origins.length) return { field: 'config.upstream.origins', message: 'lists one origin twice' };
  }
  if (canonicalOrigin(up.registry_agent_url)?.startsWith('http:') !== true) {
    return { field: 'config.upstream.registry_agent_url', message: 'must be the agent origin, http://host:port' };
  }
  if (up.balance === 'consistent-hash' && up.hash_key === '') return { field: 'config.upstream.hash_key', message: 'is required by the consistent-hash balancer' };
  const o = up.outlier_detection;
  if (o.max_ejection_sec < o.base_ejection_sec) return { field: 'config.upstream.outlier_detection.max_ejection_sec', message: 'must be >= base_ejection_sec' };
  return undefined;
}

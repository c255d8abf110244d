import { GatewayError } from '../../errors';

/** The `names` query parameter of the several-values routes: comma-separated or repeated, 1–256 names. */
export function nameList(raw: unknown): string[] {
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (list.length === 0) throw new GatewayError('GW_BAD_REQUEST', 'query parameter names is required', { field: 'names' });
  if (list.length > 256) throw new GatewayError('GW_BAD_REQUEST', 'at most 256 names per request', { field: 'names' });
  return list;
}

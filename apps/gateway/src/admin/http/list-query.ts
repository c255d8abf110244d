import type { ListFilter } from '../../engine/gateway';

/**
 * The list filters of `GET /admin/v1/plugins|pipelines`: `name_pattern` (a regular expression)
 * and `types`, given comma-separated (`types=A,B`), repeated (`types=A&types=B`) or both.
 */
export function listFilter(namePattern: unknown, types: unknown): ListFilter {
  const filter: ListFilter = {};
  if (typeof namePattern === 'string' && namePattern !== '') filter.namePattern = namePattern;
  const raw = Array.isArray(types) ? types : types === undefined ? [] : [types];
  const list = raw
    .filter((t): t is string => typeof t === 'string')
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (list.length > 0) filter.types = list;
  return filter;
}

import type { OpenAPIObject } from '@nestjs/swagger';

/** Methods of one admin path template, e.g. `/admin/v1/plugins/{name}` → DELETE, GET. */
interface PathMethods {
  readonly re: RegExp;
  readonly methods: readonly string[];
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/**
 * Builds "which methods does this path take?" from the OpenAPI document, which Nest derives
 * from the controllers — so a 405's `Allow` header can never disagree with the routes.
 * Returns undefined for a path no route serves.
 */
export function allowedMethodsFrom(
  doc: OpenAPIObject,
): (path: string) => readonly string[] | undefined {
  const table: PathMethods[] = Object.entries(doc.paths).map(([template, item]) => {
    const source = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const methods = Object.keys(item)
      .filter((m) => HTTP_METHODS.has(m))
      .map((m) => m.toUpperCase())
      .sort();
    return { re: new RegExp(`^${source}/?$`), methods };
  });
  return (path) => table.find((t) => t.re.test(path))?.methods;
}

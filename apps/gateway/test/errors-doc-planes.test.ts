// docs/errors.md's Plane column covers the admin plane for every code the admin plane's own code
// raises (it once listed GW_METHOD_NOT_ALLOWED as data-plane only).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ADMIN_SRC = join(__dirname, '..', 'src', 'admin');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // OpenAPI schemas only show example codes; the codes raised are in the other files.
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') && !path.endsWith('.schemas.ts') ? [path] : [];
  });
}

function documentedPlanes(): Map<string, string> {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
  const planes = new Map<string, string>();
  for (const m of doc.matchAll(/^\|\s*`(GW_[A-Z0-9_]+)`\s*\|\s*\d{3}\s*\|\s*([a-z]+)\s*\|/gm)) planes.set(m[1]!, m[2]!);
  return planes;
}

describe('docs/errors.md planes', () => {
  it('list the admin plane (admin or both) for every code the admin plane raises', () => {
    const planes = documentedPlanes();
    const raised = new Set(sourceFiles(ADMIN_SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(GW_[A-Z0-9_]+)'/g)].map((m) => m[1]!)));
    expect(raised.size).toBeGreaterThan(5);
    const wrong = [...raised].filter((code) => !['admin', 'both'].includes(planes.get(code) ?? '')).map((code) => `${code}: ${planes.get(code)}`);
    expect(wrong).toEqual([]);
  });
});

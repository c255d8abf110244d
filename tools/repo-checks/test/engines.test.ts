// Every package's engines.node promises no Node its dependencies refuse: the range must lie
// within the engines.node of each production dependency, transitively (undici 7 needs 20.18.1,
// so a package on undici cannot say ">=20"). The root range also covers every direct
// dependency of the workspace, dev tools included.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { subset, validRange } from 'semver';
import { ROOT, rootManifest, workspacePackages } from './repo';

interface Manifest {
  name: string;
  version?: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The folder of `name` as Node would resolve it from `from`, or undefined when not installed. */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return realpathSync(dirname(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Production dependencies of the package in `dir`, transitively: name@version → node range. */
function productionEngines(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [dir];
  while (queue.length > 0) {
    const current = queue.pop()!;
    const m = manifest(current);
    for (const dep of Object.keys({ ...m.dependencies, ...m.optionalDependencies })) {
      const depDir = packageDir(dep, current);
      if (depDir === undefined || seen.has(depDir)) continue; // an optional dependency for another platform
      seen.add(depDir);
      const dm = manifest(depDir);
      const range = dm.engines?.node;
      if (range !== undefined && validRange(range) !== null) out.set(`${dm.name}@${dm.version ?? '?'}`, range);
      queue.push(depDir);
    }
  }
  return out;
}

function violations(own: string, required: Map<string, string>): string[] {
  return [...required].filter(([, range]) => !subset(own, range)).map(([dep, range]) => `${dep} needs ${range}`);
}

describe('engines.node', () => {
  it.each(workspacePackages().map((p) => [p.manifest.name, p.dir]))('of %s fits its production dependencies', (name, dir) => {
    const own = workspacePackages().find((p) => p.manifest.name === name)!.manifest.engines?.node;
    expect(own).toBeDefined();
    expect(violations(own!, productionEngines(join(ROOT, dir)))).toEqual([]);
  });

  it('of the workspace root fits every direct dependency of every package and of the root', () => {
    const own = rootManifest().engines?.node;
    expect(own).toBeDefined();
    const required = new Map<string, string>();
    for (const { dir, manifest: m } of [{ dir: '.', manifest: rootManifest() }, ...workspacePackages()]) {
      for (const dep of Object.keys({ ...m.dependencies, ...m.devDependencies })) {
        const depDir = packageDir(dep, join(ROOT, dir));
        const range = depDir === undefined ? undefined : manifest(depDir).engines?.node;
        if (range !== undefined && validRange(range) !== null) required.set(`${dep} (${m.name})`, range);
      }
    }
    expect(violations(own!, required)).toEqual([]);
  });
});

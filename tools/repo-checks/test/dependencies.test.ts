// One version of each shared dependency: whatever two workspace packages both depend on comes
// from the pnpm catalog ("catalog:"), and the lockfile resolves each such name to one version.
import { parse } from 'yaml';
import { readRepoFile, rootManifest, workspacePackages } from './repo';

const KINDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** name → [package, specifier] for every non-workspace dependency. */
function uses(): Map<string, Array<[string, string]>> {
  const out = new Map<string, Array<[string, string]>>();
  for (const m of [rootManifest(), ...workspacePackages().map((p) => p.manifest)]) {
    for (const kind of KINDS) {
      for (const [dep, spec] of Object.entries(m[kind] ?? {})) {
        if (spec.startsWith('workspace:')) continue;
        out.set(dep, [...(out.get(dep) ?? []), [m.name, spec]]);
      }
    }
  }
  return out;
}

describe('shared dependencies', () => {
  const catalog = (parse(readRepoFile('pnpm-workspace.yaml')) as { catalog?: Record<string, string> }).catalog ?? {};

  it('come from the catalog wherever two packages use them', () => {
    const pinnedOutside = [...uses()]
      .filter(([, users]) => new Set(users.map(([pkg]) => pkg)).size > 1)
      .flatMap(([dep, users]) => users.filter(([, spec]) => spec !== 'catalog:').map(([pkg, spec]) => `${pkg}: ${dep}@${spec}`));
    expect(pinnedOutside).toEqual([]);
  });

  it('are pinned to exact versions in the catalog, each used somewhere', () => {
    const used = uses();
    for (const [dep, version] of Object.entries(catalog)) {
      expect({ dep, version }).toEqual({ dep, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      expect({ dep, used: used.has(dep) }).toEqual({ dep, used: true });
    }
  });

  it('resolve to one version each in the lockfile', () => {
    const lock = parse(readRepoFile('pnpm-lock.yaml')) as { importers: Record<string, Record<string, Record<string, { version: string }> | undefined>> };
    const versions = new Map<string, Set<string>>();
    for (const importer of Object.values(lock.importers)) {
      for (const kind of KINDS) {
        for (const [dep, { version }] of Object.entries(importer[kind] ?? {})) {
          if (version.startsWith('link:')) continue;
          versions.set(dep, (versions.get(dep) ?? new Set()).add(version.replace(/\(.*$/, '')));
        }
      }
    }
    const split = [...versions].filter(([, v]) => v.size > 1).map(([dep, v]) => `${dep}: ${[...v].join(', ')}`);
    expect(split).toEqual([]);
  });
});

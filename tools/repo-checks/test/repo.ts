// Paths and file readers shared by the repository checks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** A workspace package: its folder (relative to the root) and parsed package.json. */
export interface WorkspacePackage {
  dir: string;
  manifest: {
    name: string;
    private?: boolean;
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };
}

/** Every package of the workspace (pnpm-workspace.yaml lists `<group>/*` globs). */
export function workspacePackages(): WorkspacePackage[] {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const groups = [...yaml.matchAll(/^ {2}- (\S+)\/\*$/gm)].map((m) => m[1]!);
  return groups.flatMap((group) =>
    readdirSync(join(ROOT, group))
      .map((name) => join(group, name))
      .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
      .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as WorkspacePackage['manifest'] })),
  );
}

/** The root package.json. */
export function rootManifest(): WorkspacePackage['manifest'] {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as WorkspacePackage['manifest'];
}

/** Text of a file under the root. */
export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

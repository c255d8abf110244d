import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `/health/v1/info`'s `build` object (Ease Gateway's shape). */
export interface BuildInfo {
  name: string;
  release: string;
  build: string;
  repository: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  repository?: string | { url?: string };
}

/**
 * Build facts from the gateway's package.json (two folders above this file in both `src/` and
 * `dist/`). `build` names the exact build, which package.json cannot know: CI or the image sets
 * `GATEWAY_BUILD` (e.g. to the commit); a local build says "local".
 */
export function readBuildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const pkg = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
  ) as PackageJson;
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return {
    name: pkg.name ?? 'gatehouse-gateway',
    release: pkg.version ?? '0.0.0',
    build: env['GATEWAY_BUILD'] ?? 'local',
    repository: repo ?? env['GATEWAY_REPOSITORY'] ?? 'unknown',
  };
}

// The service version, read once from package.json (reported by /v1/health and to the registry).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readVersion(): string {
  // src/ and dist/ both sit one level below the package root.
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** This package's version. */
export const SERVICE_VERSION_STRING = readVersion();

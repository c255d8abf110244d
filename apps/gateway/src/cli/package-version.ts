import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** This package's version from its package.json (src/ and dist/ sit at the same depth). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

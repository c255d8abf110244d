// The worker's version, read once from package.json (src/ and dist/ sit one level below it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };

/** This package's version. */
export const WORKER_VERSION = typeof pkg.version === 'string' ? pkg.version : '0.0.0';

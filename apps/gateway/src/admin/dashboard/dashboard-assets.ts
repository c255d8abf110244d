import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

/**
 * Where the gateway build puts the dashboard (`scripts/build-dashboard.mjs`): `<package>/dist/
 * dashboard`. The same path from the compiled controller (`dist/admin/dashboard`) and from its
 * source (`src/admin/dashboard`, tests).
 */
export const DEFAULT_DASHBOARD_DIR = resolve(__dirname, '..', '..', '..', 'dist', 'dashboard');

/** File types the dashboard is made of; anything else in the folder is never served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file name as the build writes them (`app-3F2KQ7ZB.js`): no separators, no `..`. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

export type Encoding = 'br' | 'gzip' | 'identity';

/** One file of the dashboard, with the compressed forms the build made of it. */
export interface DashboardAsset {
  readonly contentType: string;
  /** `Cache-Control`: hashed names never change, the page is revalidated every time. */
  readonly cacheControl: string;
  /** Strong validator of the identity bytes; each encoding gets its own suffix. */
  readonly etag: string;
  readonly bodies: Readonly<Partial<Record<Encoding, Buffer>>> & { readonly identity: Buffer };
}

/** The page and its assets, by the name they are requested under. */
export interface DashboardFiles {
  readonly index: DashboardAsset;
  /** `assets/<name>` of the build, served at `/dashboard/<name>`. */
  readonly assets: ReadonlyMap<string, DashboardAsset>;
}

function load(path: string, immutable: boolean): DashboardAsset | undefined {
  const type = CONTENT_TYPES[extname(path)];
  if (type === undefined || !statSync(path).isFile()) return undefined;
  const identity = readFileSync(path);
  const bodies: { identity: Buffer; br?: Buffer; gzip?: Buffer } = { identity };
  if (existsSync(`${path}.br`)) bodies.br = readFileSync(`${path}.br`);
  if (existsSync(`${path}.gz`)) bodies.gzip = readFileSync(`${path}.gz`);
  return {
    contentType: type,
    cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag: createHash('sha256').update(identity).digest('base64url').slice(0, 22),
    bodies,
  };
}

/**
 * Reads the built dashboard once, on first use: `index.html` and the files of `assets/` whose
 * names and types are on the allow-lists. Requests are answered from this map only, so no
 * request path ever reaches the file system. Undefined when the dashboard was not built.
 */
export function loadDashboardFiles(dir: string): DashboardFiles | undefined {
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const index = load(indexPath, false)!;
  const assets = new Map<string, DashboardAsset>();
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      if (!SAFE_NAME.test(name) || name.includes('..')) continue;
      const asset = load(join(assetDir, name), true);
      if (asset !== undefined) assets.set(name, asset);
    }
  }
  return { index, assets };
}

/**
 * The encoding to answer with: Brotli, then gzip, when the client accepts it and the build made
 * it; `q=0` refuses an encoding.
 */
export function chooseEncoding(acceptEncoding: string | undefined, asset: DashboardAsset): Encoding {
  if (acceptEncoding === undefined) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [token, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (token && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(token.trim());
  }
  if (asset.bodies.br !== undefined && accepted.has('br')) return 'br';
  if (asset.bodies.gzip !== undefined && accepted.has('gzip')) return 'gzip';
  return 'identity';
}

/** The ETag of one encoding of an asset, quoted. */
export function etagOf(asset: DashboardAsset, encoding: Encoding): string {
  return encoding === 'identity' ? `"${asset.etag}"` : `"${asset.etag}-${encoding}"`;
}

/** True when `If-None-Match` names `etag` (or `*`); weak validators compare weakly, as RFC 9110 says. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

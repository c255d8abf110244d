import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Dialect } from './schema';
import { UnsupportedUrlError } from './errors';

/** A parsed database URL. */
export interface DatabaseTarget {
  dialect: Dialect;
  /** Connection string for pg / mysql2, or the absolute file path for SQLite. */
  location: string;
  /** The URL with any password masked, safe to print. */
  display: string;
}

/**
 * Parses `postgres://`, `postgresql://`, `mysql://`, `mariadb://`, `sqlite:<path>`, `sqlite://<path>`
 * and `file:<path>`; relative SQLite paths resolve against `cwd`.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { dialect: 'postgres', location: url, display: redact(url) };
    case 'mysql':
    case 'mariadb':
      // mysql2 only knows mysql://; mariadb:// is accepted as a synonym.
      return { dialect: 'mysql', location: url.replace(/^mariadb:/i, 'mysql:'), display: redact(url) };
    case 'sqlite': {
      const path = url.slice('sqlite:'.length).replace(/^\/\/(?=[./~]|[A-Za-z]:)/, '');
      if (path === '' || path === ':memory:') throw new UnsupportedUrlError(url);
      const file = resolve(cwd, path);
      return { dialect: 'sqlite', location: file, display: `sqlite:${file}` };
    }
    case 'file': {
      const file = url.startsWith('file://') ? fileURLToPath(url) : resolve(cwd, url.slice('file:'.length));
      return { dialect: 'sqlite', location: file, display: `sqlite:${file}` };
    }
    default:
      throw new UnsupportedUrlError(redact(url));
  }
}

/** Masks the password of a URL with credentials. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';

/** Where revoked token ids (jti) live until the token would have expired anyway. */
export interface RevocationStore {
  revoke(jti: string, untilMs: number): Promise<void>;
  /** Sync where the answer is local, so the common path makes no promise. */
  isRevoked(jti: string): boolean | Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Revocations of this gateway: a map in RAM for lookups, and, when the gateway has a data dir,
 * an append-only file `<dataDir>/revocations/<hash of prefix>.jsonl` (one `{"j","u"}` line per
 * revoked token, fsynced before the logout answers) read back at start, so a logged-out token
 * stays refused after a restart. Entries are kept until the token would have expired; the file is
 * rewritten without the expired ones when they outnumber the live ones.
 */
export class MemoryRevocationStore implements RevocationStore {
  private readonly revoked = new Map<string, number>();
  private readonly file: string | undefined;
  private loading: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private lines = 0;

  constructor(dataDir?: string, prefix = '') {
    this.file =
      dataDir === undefined ? undefined : join(dataDir, 'revocations', `${createHash('sha256').update(prefix).digest('hex').slice(0, 16)}.jsonl`);
  }

  /** Reads the revocations file once (later calls share the first read). */
  load(): Promise<void> {
    return (this.loading ??= this.read());
  }

  revoke(jti: string, untilMs: number): Promise<void> {
    this.revoked.set(jti, untilMs);
    if (this.revoked.size % 1024 === 0) this.sweep();
    const file = this.file;
    if (file === undefined) return Promise.resolve();
    const line = `${JSON.stringify({ j: jti, u: untilMs })}\n`;
    const write = this.writes.then(async () => {
      if (++this.lines > 2 * this.revoked.size + 1024) await this.compact(file);
      else await appendDurably(file, line);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  isRevoked(jti: string): boolean {
    const until = this.revoked.get(jti);
    return until !== undefined && until > Date.now();
  }

  async close(): Promise<void> {
    await this.writes;
  }

  private async read(): Promise<void> {
    if (this.file === undefined) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const now = Date.now();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      this.lines++;
      let entry: { j?: unknown; u?: unknown };
      try {
        entry = JSON.parse(line) as { j?: unknown; u?: unknown };
      } catch {
        continue; // a line torn by a crash mid-append
      }
      if (typeof entry.j === 'string' && typeof entry.u === 'number' && entry.u > now) this.revoked.set(entry.j, entry.u);
    }
  }

  /** Rewrites the file with the live revocations only (temp file, fsync, rename). */
  private async compact(file: string): Promise<void> {
    this.sweep();
    const text = [...this.revoked].map(([j, u]) => `${JSON.stringify({ j, u })}\n`).join('');
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    this.lines = this.revoked.size;
  }

  /** Forgets revocations of tokens that have expired by now. */
  private sweep(): void {
    const now = Date.now();
    for (const [jti, until] of this.revoked) if (until <= now) this.revoked.delete(jti);
  }
}

/** Appends `line` to `file` and waits until it is on disk. */
async function appendDurably(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const fh = await open(file, 'a', 0o600);
  try {
    await fh.appendFile(line);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

/**
 * Revocations shared by every gateway through Redis: `SET prefix+jti 1 PX ttl`. Lookups fail
 * closed: when Redis cannot answer, the token is treated as revoked.
 */
export class RedisRevocationStore implements RevocationStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix: string) {
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 1, commandTimeout: 1000 });
    this.redis.on('error', () => undefined);
  }

  async revoke(jti: string, untilMs: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(untilMs - Date.now()));
    await this.redis.set(this.prefix + jti, '1', 'PX', ttl);
  }

  async isRevoked(jti: string): Promise<boolean> {
    try {
      return (await this.redis.exists(this.prefix + jti)) === 1;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

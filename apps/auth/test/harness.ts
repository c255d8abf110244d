// Starts the real service on a free port against a fresh database: a temp SQLite file, or a
// unique PostgreSQL schema dropped afterwards. Tests use a lowered scrypt cost through the
// explicit test-only option; password-hasher.test.ts checks the production defaults.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Client } from 'pg';
import { startAuthApp, type AuthAppOptions, type RunningAuthApp } from '../src/app.factory';
import type { DatabaseConfig } from '../src/database/data-source.factory';
import { call, type TestResponse } from './http';
import { DATABASE_URL } from './services';

/** The admin key the harness configures. */
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
/** Lowered scrypt cost for tests (2^10 instead of 2^17). */
export const TEST_SCRYPT = { params: { N: 2 ** 10, r: 8, p: 1 }, unsafeAllowWeakParamsForTests: true };

/** A fresh database that can be opened by several app starts and is removed by drop(). */
export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** Creates a temp SQLite file path or a unique PostgreSQL schema. */
export async function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gh-auth-'));
    return { config: { kind, path: join(dir, 'auth.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `gh_auth_${randomBytes(6).toString('hex')}`;
  return {
    config: { kind, url: DATABASE_URL, schema },
    drop: async () => {
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Log lines captured from the service. */
export class LogCapture {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly logger = pino(
    { level: 'debug' },
    new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line));
        done();
      },
    }),
  );

  /** Lines whose msg contains `text`. */
  find(text: string): Array<Record<string, unknown>> {
    return this.lines.filter((l) => typeof l.msg === 'string' && l.msg.includes(text));
  }
}

/** A started service plus its database and logs. */
export interface TestApp {
  running: RunningAuthApp;
  url: string;
  db: TestDatabase;
  logs: LogCapture;
  /** Creates a user through the admin endpoint and returns its id. */
  createUser(username: string, password: string): Promise<string>;
  /** Closes the app and drops the database. */
  stop(): Promise<void>;
}

/** Starts the service with test defaults; `overrides` replace any option. */
export async function startTestApp(
  kind: 'sqlite' | 'postgres',
  overrides: Partial<AuthAppOptions> = {},
  existing?: TestDatabase,
): Promise<TestApp> {
  const db = existing ?? (await createTestDatabase(kind));
  const logs = new LogCapture();
  const running = await startAuthApp({
    host: '127.0.0.1',
    port: 0,
    adminApiKey: ADMIN_KEY,
    database: db.config,
    redisUrl: null,
    registryAgentUrl: null,
    advertiseAddress: '127.0.0.1',
    trustProxy: false,
    production: false,
    logLevel: 'debug',
    logger: logs.logger,
    hasher: TEST_SCRYPT,
    ...overrides,
  });
  return {
    running,
    url: running.url,
    db,
    logs,
    async createUser(username, password) {
      const res: TestResponse = await call(running.url, 'POST', '/v1/users', { username, password }, { 'x-api-key': ADMIN_KEY });
      if (res.status !== 201) throw new Error(`createUser ${username}: ${res.status} ${res.text}`);
      return (res.body as { id: string }).id;
    },
    async stop() {
      await running.close();
      if (existing === undefined) await db.drop();
    },
  };
}

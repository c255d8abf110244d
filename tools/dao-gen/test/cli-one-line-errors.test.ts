import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { EXIT, run } from '../src/cli';
import { tempProject } from './project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const exec = promisify(execFile);

/** Runs the built binary; resolves with its exit code and output. */
async function dao(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectOneLine(stderr: string, code: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^dao-gen: ${code}: `));
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('dao-gen binary: one-line typed errors, non-zero exit', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject('cli');
    const db = new Database(join(project.dir, 'app.db'));
    db.exec('CREATE TABLE coupon (id INTEGER PRIMARY KEY, code TEXT NOT NULL)');
    db.close();
  });
  afterAll(() => project.cleanup());

  it('generates from the project root it runs in', async () => {
    const { code, stdout } = await dao(['sqlite:app.db', 'coupon', 'shop'], project.dir);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('wrote: dao/shop/coupon_storage_gen.ts');
    expect(existsSync(join(project.dir, 'models', 'coupon_gen.ts'))).toBe(true);
  });

  it('an unreachable PostgreSQL or MySQL is DAO_CONNECT_FAILED within the connect timeout', async () => {
    for (const url of ['postgres://postgres@127.0.0.1:1/test', 'mysql://root@127.0.0.1:1/test']) {
      const started = Date.now();
      const { code, stderr } = await dao([url, 'coupon', 'shop', '--connect-timeout', '500'], project.dir);
      expect(code).toBe(EXIT.failure);
      expectOneLine(stderr, 'DAO_CONNECT_FAILED');
      expect(stderr).toContain('ECONNREFUSED');
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('a server that accepts but never answers is DAO_CONNECT_FAILED after --connect-timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      for (const url of [`postgres://x@127.0.0.1:${port}/t`, `mysql://x@127.0.0.1:${port}/t`]) {
        const started = Date.now();
        const { code, stderr } = await dao([url, 'coupon', 'shop', '--connect-timeout', '300'], project.dir);
        expect(code).toBe(EXIT.failure);
        expectOneLine(stderr, 'DAO_CONNECT_FAILED');
        expect(stderr).toMatch(/timeout|ETIMEDOUT/);
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      silent.close();
    }
  });

  it('a missing table, a missing SQLite file and an unsupported URL each fail with their code', async () => {
    expectOneLine((await dao(['sqlite:app.db', 'nope', 'shop'], project.dir)).stderr, 'DAO_TABLE_NOT_FOUND');
    expectOneLine((await dao(['sqlite:missing.db', 'coupon', 'shop'], project.dir)).stderr, 'DAO_CONNECT_FAILED');
    const bad = await dao(['mongodb://u:secret@h/db', 'coupon', 'shop'], project.dir);
    expect(bad.code).toBe(EXIT.failure);
    expectOneLine(bad.stderr, 'DAO_UNSUPPORTED_URL');
    expect(bad.stderr).not.toContain('secret');
  });

  it('bad arguments fail before anything is touched', async () => {
    const lines: string[] = [];
    const io = { stdout: (l: string) => lines.push(l), stderr: (l: string) => lines.push(l) };
    const before = readdirSync(project.dir).sort();
    expect(await run(['sqlite:app.db', 'coupon', '../escape'], io)).toBe(EXIT.failure);
    expect(await run(['sqlite:app.db', 'cou;pon', 'shop'], io)).toBe(EXIT.failure);
    expect(await run(['sqlite:app.db', 'coupon', 'shop', '--connect-timeout', 'soon'], io)).toBe(EXIT.failure);
    expect(await run(['sqlite:app.db'], io)).toBe(EXIT.failure);
    expect(lines[0]).toMatch(/^dao-gen: DAO_BAD_ARGUMENT: package name "..\/escape"/);
    expect(lines[1]).toMatch(/^dao-gen: DAO_BAD_ARGUMENT: table name "cou;pon"/);
    expect(lines[2]).toContain('expected a positive integer of milliseconds');
    expect(lines[3]).toContain("missing required argument 'table'");
    expect(readdirSync(project.dir).sort()).toEqual(before);
  });
});

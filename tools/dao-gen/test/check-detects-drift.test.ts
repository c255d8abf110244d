import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { EXIT } from '../src/cli';
import { tempProject } from './project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const exec = promisify(execFile);

async function dao(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dao-gen --check (CI drift check)', () => {
  let project: ReturnType<typeof tempProject>;
  let url: string;
  beforeAll(() => {
    project = tempProject('drift');
    url = `sqlite:${join(project.dir, 'app.db')}`;
    const db = new Database(join(project.dir, 'app.db'));
    db.exec('CREATE TABLE coupon (id INTEGER PRIMARY KEY, code TEXT NOT NULL)');
    db.close();
  });
  afterAll(() => project.cleanup());

  it('exits 0 when up to date, 1 naming the drifting files when the schema changed, and never writes', async () => {
    const missing = await dao([url, 'coupon', 'shop', '--out', project.dir, '--check']);
    expect(missing.code).toBe(EXIT.drift);
    expect(missing.stderr).toContain('drift: models/coupon_gen.ts\ndrift: dao/shop/coupon_dao_gen.ts\ndrift: dao/shop/coupon_storage_gen.ts\n');

    expect((await dao([url, 'coupon', 'shop', '--out', project.dir])).code).toBe(EXIT.ok);
    const clean = await dao([url, 'coupon', 'shop', '--out', project.dir, '--check']);
    expect(clean.code).toBe(EXIT.ok);
    expect(clean.stdout).toContain('generated files are up to date');

    const db = new Database(join(project.dir, 'app.db'));
    db.exec('ALTER TABLE coupon ADD COLUMN note TEXT');
    db.close();
    const before = readFileSync(join(project.dir, 'models', 'coupon_gen.ts'), 'utf8');
    const drift = await dao([url, 'coupon', 'shop', '--out', project.dir, '--check']);
    expect(drift.code).toBe(EXIT.drift);
    expect(drift.stderr.split('\n')).toEqual(['drift: models/coupon_gen.ts', expect.stringMatching(/^dao-gen: DAO_DRIFT: /), '']);
    expect(readFileSync(join(project.dir, 'models', 'coupon_gen.ts'), 'utf8')).toBe(before);
  });

  it('a hand edit of a _gen file is drift; the hand-written model is not', async () => {
    expect((await dao([url, 'coupon', 'shop', '--out', project.dir])).code).toBe(EXIT.ok);
    writeFileSync(join(project.dir, 'models', 'coupon.ts'), '// my own module\nexport { Coupon } from "./coupon_gen";\n');
    expect((await dao([url, 'coupon', 'shop', '--out', project.dir, '--check'])).code).toBe(EXIT.ok);
    const dao_ = join(project.dir, 'dao', 'shop', 'coupon_dao_gen.ts');
    writeFileSync(dao_, readFileSync(dao_, 'utf8') + '// tweak\n');
    const drift = await dao([url, 'coupon', 'shop', '--out', project.dir, '--check']);
    expect(drift.code).toBe(EXIT.drift);
    expect(drift.stderr).toContain('drift: dao/shop/coupon_dao_gen.ts');
    // Regenerating repairs the _gen file and keeps the hand-written one.
    const again = await dao([url, 'coupon', 'shop', '--out', project.dir]);
    expect(again.stdout).toContain('kept (hand-written): models/coupon.ts');
    expect(readFileSync(join(project.dir, 'models', 'coupon.ts'), 'utf8')).toContain('my own module');
    expect(readFileSync(dao_, 'utf8')).not.toContain('tweak');
  });
});

// The root entry connects to nothing and loads neither ioredis nor typeorm; the subpath exports
// resolve to the built files with their type declarations. Runs against dist/ (turbo builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

function run(script: string): string {
  const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

describe('package entry points', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `pnpm run build` first');
  });

  test('importing the root loads no client library', () => {
    const loaded = run(`
      require('@gatehouse/storage-proxy');
      const heavy = Object.keys(require.cache).filter((p) => /node_modules[\\\\/](ioredis|typeorm|pg|mysql2|better-sqlite3|msgpackr)[\\\\/]/.test(p));
      console.log(JSON.stringify(heavy));`);
    expect(JSON.parse(loaded)).toEqual([]);
  });

  test('the ./redis and ./typeorm subpaths resolve to built files with declarations', () => {
    const out = run(`
      const r = require('@gatehouse/storage-proxy/redis');
      const t = require('@gatehouse/storage-proxy/typeorm');
      console.log([typeof r.RedisStorage, typeof r.createCacheRedis, typeof r.RedisInvalidationBus, typeof t.TypeOrmStorage].join(','));`);
    expect(out).toBe('function,function,function,function');
    for (const d of ['index.d.ts', 'redis/index.d.ts', 'typeorm/index.d.ts']) expect(existsSync(join(root, 'dist', d))).toBe(true);
  });
});

// msgpackr is an optional peer: '@gatehouse/storage-proxy/redis' with the JSON codec never loads it,
// and choosing the msgpack codec without it installed is a typed error naming the package.
// Runs the built package (dist/, turbo builds first) in a child process, so require.cache is real.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithRedis, redisUrl, uniqueId } from './services';

const root = join(__dirname, '..');

function run(script: string): string {
  const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, REDIS_URL: redisUrl() } });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

// Makes `require('msgpackr')` fail the way it does when the package is not installed.
const HIDE_MSGPACKR = `
  const Module = require('node:module');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'msgpackr' || request.startsWith('msgpackr/')) {
      const err = new Error("Cannot find module '" + request + "'");
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    }
    return resolve.call(this, request, ...rest);
  };`;

const LOADED_MSGPACKR = `Object.keys(require.cache).filter((p) => /node_modules[\\\\/]msgpackr[\\\\/]/.test(p)).length`;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'redis', 'index.js'))) throw new Error('dist/ is missing: run `pnpm run build` first');
});

describeWithRedis('the JSON codec path', () => {
  test('importing ./redis and storing with JSON does not load msgpackr', () => {
    const prefix = uniqueId('gh:storage-proxy:nomsgpack:');
    const out = run(`
      const { RedisStorage, createCacheRedis } = require('@gatehouse/storage-proxy/redis');
      (async () => {
        const redis = createCacheRedis(process.env.REDIS_URL);
        await new Promise((resolve) => redis.once('ready', resolve));
        const storage = new RedisStorage({ redis, prefix: ${JSON.stringify(prefix)}, codec: 'json' });
        await storage.set(1, { a: 1 });
        const back = await storage.get('1');
        await storage.delete(1);
        await redis.quit();
        console.log(JSON.stringify({ back, msgpackr: ${LOADED_MSGPACKR} }));
      })().catch((err) => { console.error(err); process.exit(1); });`);
    expect(JSON.parse(out)).toEqual({ back: { a: 1 }, msgpackr: 0 });
  });
});

describe('msgpackr not installed', () => {
  test('the JSON codec still works and the msgpack codec is MissingDependencyError naming msgpackr', () => {
    const out = run(`${HIDE_MSGPACKR}
      const { RedisStorage, msgpackCodec } = require('@gatehouse/storage-proxy/redis');
      const { MissingDependencyError } = require('@gatehouse/storage-proxy');
      const Redis = require('ioredis');
      const redis = new Redis({ lazyConnect: true });
      const json = new RedisStorage({ redis, prefix: 'p' });
      const caught = [];
      for (const make of [() => new RedisStorage({ redis, prefix: 'p', codec: 'msgpack' }), () => msgpackCodec()]) {
        try { make(); caught.push(null); } catch (err) {
          caught.push({ isTyped: err instanceof MissingDependencyError, code: err.code, message: err.message, cause: err.cause && err.cause.code });
        }
      }
      redis.disconnect();
      console.log(JSON.stringify({ json: json.redisKey(1), caught }));`);
    const { json, caught } = JSON.parse(out) as { json: string; caught: Array<{ isTyped: boolean; code: string; message: string; cause: string } | null> };
    expect(json).toBe('p_1');
    expect(caught).toHaveLength(2);
    for (const err of caught) {
      expect(err).toMatchObject({ isTyped: true, code: 'SP_MISSING_DEPENDENCY', cause: 'MODULE_NOT_FOUND' });
      expect(err!.message).toMatch(/msgpackr/);
    }
  });

  test('the msgpack codec loads msgpackr only when it is chosen', () => {
    const out = run(`
      const { RedisStorage } = require('@gatehouse/storage-proxy/redis');
      const Redis = require('ioredis');
      const redis = new Redis({ lazyConnect: true });
      const before = ${LOADED_MSGPACKR};
      const storage = new RedisStorage({ redis, prefix: 'p', codec: 'msgpack' });
      const after = ${LOADED_MSGPACKR};
      redis.disconnect();
      console.log(JSON.stringify([before, after > 0, storage.prefix]));`);
    expect(JSON.parse(out)).toEqual([0, true, 'p']);
  });
});

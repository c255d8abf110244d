import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { Redis } from 'ioredis';
import { loadLuaScript, runLuaScript } from '../src';

describeWith('redis')('Lua scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lua-'));
  // Echoes its key, its first argument and how many arguments it got. The comment makes its SHA
  // one Redis has never seen, so the first run meets NOSCRIPT without flushing anybody's scripts.
  writeFileSync(join(dir, 'echo-1.lua'), `-- ${process.pid} ${Date.now()} ${Math.random()}\nreturn {KEYS[1], ARGV[1], #ARGV}\n`);
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(serviceUrl('redis'));
  });
  afterAll(() => {
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs by SHA, and sends the source again when Redis forgot it', async () => {
    const echo = loadLuaScript(dir, 'echo', 1);
    expect(loadLuaScript(dir, 'echo', 1)).toBe(echo); // read once
    expect(await redis.script('EXISTS', echo.sha)).toEqual([0]);
    expect(await runLuaScript(redis, echo, ['k'], ['a', 2])).toEqual(['k', 'a', 2]);
    expect(await redis.script('EXISTS', echo.sha)).toEqual([1]);
    expect(await runLuaScript(redis, echo, ['k'], [Buffer.from([0xff, 0x00])], 'buffers')).toEqual([Buffer.from('k'), Buffer.from([0xff, 0x00]), 1]);
  });

  it('takes more arguments than a JavaScript call may, and refuses a wrong number of keys', async () => {
    const echo = loadLuaScript(dir, 'echo', 1);
    const many = Array.from({ length: 300_000 }, (_, i) => String(i));
    expect(await runLuaScript(redis, echo, ['k'], many)).toEqual(['k', '0', 300_000]);
    await expect(runLuaScript(redis, echo, [], [])).rejects.toThrow(RangeError);
  });
});

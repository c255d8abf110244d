// A block whose service is up runs; missing, it is reported as skipped; missing and required
// (REQUIRE_SERVICES), it fails. Checked on a child Jest run of a fixture, with a listener of our
// own standing in for Redis (the probe is a TCP connect) and a closed port for a missing one.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

interface Counts {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}

const root = join(__dirname, '..');

function runFixture(env: Record<string, string>): Promise<Counts> {
  const config = JSON.stringify({
    rootDir: join(root, 'test', 'fixtures'),
    testMatch: ['**/gated.fixture.cjs'],
    globalSetup: join(root, 'dist', 'global-setup.js'),
    testEnvironment: 'node',
  });
  const jest = require.resolve('jest/bin/jest', { paths: [root] });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [jest, '--config', config, '--json', '--silent'],
      { env: { ...process.env, REQUIRE_SERVICES: '', ...env }, timeout: 60_000 },
      (err, stdout) => {
        try {
          resolve(JSON.parse(stdout) as Counts);
        } catch {
          reject(err ?? new Error(`no JSON from the child Jest: ${stdout}`));
        }
      },
    );
  });
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('gated blocks', () => {
  let redisStandIn: Server;
  let upUrl: string;
  beforeAll(async () => {
    redisStandIn = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => redisStandIn.listen(0, '127.0.0.1', () => r()));
    upUrl = `redis://127.0.0.1:${(redisStandIn.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => redisStandIn.close(() => r()));
  });

  it('run when the service answers', async () => {
    const counts = await runFixture({ REDIS_URL: upUrl });
    expect(counts).toMatchObject({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 0 });
  }, 70_000);

  it('are reported as skipped, not dropped, when the service is missing', async () => {
    const counts = await runFixture({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    expect(counts).toMatchObject({ numPassedTests: 1, numFailedTests: 0, numPendingTests: 4 });
  }, 70_000);

  it('fail, one failure per block, when a required service is missing', async () => {
    const counts = await runFixture({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, REQUIRE_SERVICES: 'redis' });
    expect(counts).toMatchObject({ numPassedTests: 1, numFailedTests: 3, numPendingTests: 3 });
  }, 70_000);
});

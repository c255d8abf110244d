// `node dist/main.js` (the built entry point the README documents) boots from the environment in
// production mode with the OWASP cost, serves, logs that the admin endpoint is off without a key,
// and exits 0 on SIGTERM; a bad environment exits 1 with AUTH_CONFIG_INVALID.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './http';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

interface Child {
  lines: Array<Record<string, unknown>>;
  exit: Promise<number | null>;
  kill(): void;
  waitFor(msg: string): Promise<Record<string, unknown>>;
}

function run(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  // 'close' (not 'exit') so the stdio pipes are gone too before a test ends.
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    lines,
    exit,
    kill: () => child.kill('SIGTERM'),
    waitFor: (msg) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find((l) => l.msg === msg);
          if (found) resolve(found);
          else waiters.push(check);
        };
        void exit.then(() => reject(new Error(`exited before logging "${msg}": ${JSON.stringify(lines)}`)));
        check();
      }),
  };
}

describe('main entry point', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gh-auth-main-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is built', () => {
    expect(existsSync(MAIN)).toBe(true);
  });

  it('boots in production mode from the environment, serves, and exits 0 on SIGTERM', async () => {
    const sqlite = join(dir, 'nested', 'auth.sqlite');
    const child = run({ NODE_ENV: 'production', AUTH_PORT: '0', AUTH_SQLITE_PATH: sqlite });
    try {
      const listening = await child.waitFor('auth service listening');
      const url = listening.url as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(child.lines.some((l) => l.msg === 'admin endpoint POST /v1/users is disabled: AUTH_ADMIN_API_KEY is not set')).toBe(true);
      expect((await call(url, 'GET', '/v1/health')).status).toBe(200);
      expect(existsSync(sqlite)).toBe(true);
    } finally {
      child.kill();
    }
    await expect(child.exit).resolves.toBe(0);
    expect(child.lines.some((l) => l.msg === 'auth service stopped')).toBe(true);
  }, 120_000); // a cold start of the Nest app took over 30 s on a machine at load 17

  it('exits 1 with AUTH_CONFIG_INVALID on a bad environment', async () => {
    const child = run({ AUTH_PORT: 'not-a-port' });
    await expect(child.exit).resolves.toBe(1);
    expect(child.lines.some((l) => l.code === 'AUTH_CONFIG_INVALID')).toBe(true);
  });
});

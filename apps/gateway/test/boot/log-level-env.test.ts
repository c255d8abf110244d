import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { logLevelFromEnv, optionsFromEnv } from '../../src/bootstrap';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

describe('GATEWAY_LOG_LEVEL and GATEWAY_STATISTICS', () => {
  it('reads the log level, defaulting to info, and refuses unknown levels naming the variable', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ GATEWAY_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(() => logLevelFromEnv({ GATEWAY_LOG_LEVEL: 'loud' })).toThrow(/GATEWAY_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('reads GATEWAY_STATISTICS on|off and refuses anything else', () => {
    expect(optionsFromEnv({ GATEWAY_STATISTICS: 'off' }).statistics).toBe(false);
    expect(optionsFromEnv({}).statistics).toBeUndefined();
    expect(() => optionsFromEnv({ GATEWAY_STATISTICS: 'no' })).toThrow(/GATEWAY_STATISTICS must be on or off/);
  });

  it('a gateway started with GATEWAY_LOG_LEVEL=warn logs no info lines; a bad level ends it with exit code 1', async () => {
    const dir = await tempDataDir();
    const run = (level: string, port: number): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [MAIN], {
          env: { ...process.env, GATEWAY_DATA_DIR: dir, GATEWAY_ADMIN_PORT: String(port), GATEWAY_LOG_LEVEL: level },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
        });
        child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
        // One SIGTERM, once it serves: a signal sent again as it exits (a poll still answered
        // then) can land after Node has let go of its handlers and end it by the signal.
        let signalled = false;
        const poll = setInterval(() => {
          fetch(`http://127.0.0.1:${port}/health/v1/check`).then(
            (r) => {
              if (!r.ok || signalled) return;
              signalled = true;
              clearInterval(poll);
              child.kill('SIGTERM');
            },
            () => undefined,
          );
        }, 100);
        child.once('exit', (code) => {
          clearInterval(poll);
          resolve({ code, out, err });
        });
      });
    try {
      const quiet = await run('warn', await freePort());
      expect(quiet.code).toBe(0);
      const levels = quiet.out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { level: number }).level);
      expect(levels.length).toBeGreaterThan(0); // the no-API-key warning still shows
      expect(levels.every((l) => l >= 40)).toBe(true);
      const bad = await run('loud', await freePort());
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/GATEWAY_LOG_LEVEL must be one of/);
    } finally {
      await removeDir(dir);
    }
  });
});

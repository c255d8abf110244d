// The built bin starts, serves the protocol with the memory registry, keeps its registrations in
// the default state file (under its working directory: a scratch one here), and exits on SIGTERM.
// (turbo runs `build` before `test`, so dist/ exists.)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort } from './helpers';

const BIN = join(__dirname, '..', 'dist', 'agent', 'main.js');

describe('gatehouse-registry-agent bin', () => {
  it('is built (run `pnpm build` first)', () => {
    expect(existsSync(BIN)).toBe(true);
  });

  it('serves register and discover, writes ./data/registry-agent.json, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const cwd = mkdtempSync(join(tmpdir(), 'gh-agent-bin-'));
    const child = spawn(process.execPath, [BIN, '--port', String(port), '--log-level', 'warn'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = `http://127.0.0.1:${port}`;
      // A cold node process on a loaded machine can take seconds to load its modules.
      await eventually(async () => (await fetch(`${base}/v1/health`).catch(() => undefined))?.status === 200, 30_000);
      const reg = await fetch(`${base}/v1/register`, { method: 'POST', body: JSON.stringify({ name: 'echo', port: 9001 }) });
      expect(reg.status).toBe(200);
      const d = (await (await fetch(`${base}/v1/discover/echo`)).json()) as { services: { nodes: { address: string }[] }[]; stale: boolean };
      expect(d.stale).toBe(false);
      expect(d.services[0]!.nodes[0]!.address).toBe('127.0.0.1');
      const state = JSON.parse(readFileSync(join(cwd, 'data', 'registry-agent.json'), 'utf8')) as unknown;
      expect(state).toMatchObject({ format: 1, registrations: [expect.objectContaining({ name: 'echo', port: 9001 })] });
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a bad flag with REG_AGENT_CONFIG and exit code 1', async () => {
    const child = spawn(process.execPath, [BIN, '--registry', 'etcd', '--state-file', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(JSON.parse(err.trim())).toMatchObject({ level: 'fatal', code: 'REG_AGENT_CONFIG' });
  });
});

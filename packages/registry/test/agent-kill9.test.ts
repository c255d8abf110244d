// The built agent killed with SIGKILL (no shutdown hook runs) and started again on the same state
// file re-registers its apps in Consul (the emulator) at boot and knows them again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsulCluster } from './consul-emulator/cluster';
import { eventually, freePort } from './helpers';

const BIN = join(__dirname, '..', 'dist', 'agent', 'main.js');


describe('agent killed with SIGKILL and restarted', () => {
  let cluster: ConsulCluster;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    cluster = await ConsulCluster.start({ agents: 1, random: () => 0 });
  });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await cluster.close();
  });

  const start = async (port: number, stateFile: string): Promise<string> => {
    const consul = cluster.agent(1).address;
    const child = spawn(process.execPath, [BIN, '--port', String(port), '--registry', 'consul', '--consul-addr', `${consul.host}:${consul.port}`, '--state-file', stateFile, '--log-level', 'warn'], {
      stdio: 'ignore',
    });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${base}/v1/health`).catch(() => undefined))?.status === 200, 10_000);
    return base;
  };
  const consulWrites = (): number =>
    cluster.requests.filter((r) => r.method === 'PUT' && (r.path === '/v1/agent/service/register' || r.path === '/v1/agent/check/pass/service:web-10.0.0.5-80')).length;

  it('re-registers the saved instance at boot and answers its heartbeat again', async () => {
    const port = await freePort();
    const stateFile = join(mkdtempSync(join(tmpdir(), 'gh-agent-kill-')), 'agent.json');
    const base = await start(port, stateFile);
    const reg = await fetch(`${base}/v1/register`, { method: 'POST', body: JSON.stringify({ name: 'web', address: '10.0.0.5', port: 80, ttl_ms: 60_000 }) });
    expect(reg.status).toBe(200);
    children[0]!.kill('SIGKILL');
    await new Promise((r) => children[0]!.once('exit', r));
    const before = consulWrites();

    const again = await start(port, stateFile);
    // Consul saw the restarted agent write the instance again, and its TTL check passes.
    await eventually(() => consulWrites() > before && cluster.agent(1).state.checks.get('service:web-10.0.0.5-80')?.Status === 'passing', 10_000);
    const hb = await fetch(`${again}/v1/heartbeat`, { method: 'POST', body: JSON.stringify({ name: 'web', id: 'web-10.0.0.5-80' }) });
    expect(hb.status).toBe(200);
    const d = (await (await fetch(`${again}/v1/discover/web`)).json()) as { services: Array<{ nodes: Array<{ id: string }> }> };
    expect(d.services[0]!.nodes.map((n) => n.id)).toEqual(['web-10.0.0.5-80']);
  });
});

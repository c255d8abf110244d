import { Agent, request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../support/harness';

const TOTAL = 2000;
const CONCURRENCY = 20;

describe('config updates under a steady stream of requests', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let agent: Agent;
  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-seen-gen': String(req.headers['x-gen'] ?? '') });
      res.end('ok');
    });
    gw = await startTestGateway();
    agent = new Agent({ connections: CONCURRENCY });
  });
  afterAll(async () => {
    await agent.close();
    await gw.stop();
    await backend.close();
  });

  const output = (gen: number) => ({
    type: 'HTTPOutput',
    config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: '{REQUEST_METHOD}', header_patterns: { 'x-gen': `g${gen}` } },
  });
  const input = (gen: number) => inputSpec('in', 'srv', { path: '/api/{rest...}', methods: gen % 2 === 0 ? ['GET', 'POST'] : ['GET', 'PUT'] });
  const limiter = (gen: number) => ({ type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: gen % 2 === 0 ? '-1' : '1000000', timeout_msec: 0 } });

  it('fails no request while HTTPOutput, HTTPInput and the limiter are rebuilt, and new requests see the new config', async () => {
    await createPipeline(gw, 'live', [serverSpec('srv'), input(0), limiter(0), output(0)]);
    const url = `http://127.0.0.1:${serverPort(gw, 'live')}/api/load`;
    const failures: string[] = [];
    const seen: string[] = [];
    let sent = 0;
    let gen = 0;

    const worker = async (): Promise<void> => {
      while (sent < TOTAL) {
        sent++;
        try {
          const res = await request(url, { dispatcher: agent });
          const body = await res.body.text();
          if (res.statusCode !== 200 || body !== 'ok') failures.push(`${res.statusCode} ${body}`);
          seen.push(String(res.headers['x-seen-gen']));
        } catch (err) {
          failures.push(String(err));
        }
      }
    };
    const updater = async (): Promise<void> => {
      for (gen = 1; gen <= 6; gen++) {
        await new Promise((r) => setTimeout(r, 40));
        await gw.updatePlugin(output(gen));
        await gw.updatePlugin(input(gen));
        await gw.updatePlugin(limiter(gen));
        // Right after the update is accepted, a new request sees the new config.
        const res = await request(url, { dispatcher: agent });
        await res.body.text();
        expect(res.headers['x-seen-gen']).toBe(`g${gen}`);
      }
    };
    await Promise.all([...Array.from({ length: CONCURRENCY }, worker), updater()]);

    expect(failures).toEqual([]);
    expect(seen.length).toBeGreaterThanOrEqual(TOTAL);
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect(gw.getPlugin('out').config['header_patterns']).toEqual({ 'x-gen': 'g6' });
    const res = await request(url, { dispatcher: agent, method: 'POST', body: 'x' });
    await res.body.text();
    expect(res.statusCode).toBe(200); // gen 6 allows POST
    const put = await request(url, { dispatcher: agent, method: 'PUT', body: 'x' });
    await put.body.text();
    expect(put.statusCode).toBe(405); // gen 5's PUT route is gone
    expect(gw.pipeline('live')!.ctx.inFlight()).toBe(0);
  });
});

import { Agent, request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { createPipeline, echoSpec, freePort, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPServer config update on the same port', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('takes over the listening socket: no refused connection while settings change, and the new settings apply', async () => {
    gw = await startTestGateway();
    const port = await freePort();
    await createPipeline(gw, 'web', [
      serverSpec('srv', { port, keepalive_sec: 5 }),
      inputSpec('in', 'srv', { path: '/u', response_body_buffer_key: 'ECHO' }),
      echoSpec('e', ['SERVER_PORT']),
    ]);
    const url = `http://127.0.0.1:${port}/u`;
    const failures: string[] = [];
    let stop = false;
    let served = 0;
    // Fresh connections each time (pipelining 0, no reuse) so a refused listen would show.
    const client = async (): Promise<void> => {
      while (!stop) {
        const agent = new Agent({ pipelining: 0 });
        try {
          const res = await request(url, { dispatcher: agent, headers: { connection: 'close' } });
          const body = await res.body.text();
          if (res.statusCode !== 200) failures.push(`${res.statusCode} ${body}`);
          served++;
        } catch (err) {
          failures.push(String(err));
        } finally {
          await agent.close();
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    for (let i = 1; i <= 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      await gw.updatePlugin(serverSpec('srv', { port, keepalive_sec: 5 + i, max_connections: 100 + i }));
    }
    await new Promise((r) => setTimeout(r, 30));
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(5);
    const res = await request(url);
    expect(await res.body.json()).toEqual({ SERVER_PORT: String(port) });
    expect(gw.getPlugin('srv').config).toMatchObject({ port, keepalive_sec: 10, max_connections: 105 });
  });

  it('a changed max_header_bytes on a running port is refused with GW_LISTEN_FAILED, old server serving', async () => {
    gw = await startTestGateway();
    const port = await freePort();
    await createPipeline(gw, 'web', [serverSpec('srv', { port }), inputSpec('in', 'srv', { path: '/u', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
    await expect(gw.updatePlugin(serverSpec('srv', { port, max_header_bytes: 4096 }))).rejects.toMatchObject({
      code: 'GW_LISTEN_FAILED',
      field: 'config.max_header_bytes',
    });
    const res = await request(`http://127.0.0.1:${port}/u`);
    expect(res.statusCode).toBe(200);
    await res.body.text();
  });
});

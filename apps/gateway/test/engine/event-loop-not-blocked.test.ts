import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway, submit } from '../support/harness';
import { probe } from '../support/test-plugins';

describe('the pipeline never blocks the event loop', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('queued and held tasks leave setImmediate, timers and other pipelines running', async () => {
    gw = await startTestGateway();
    const ctl = probe('blocker');
    ctl.hold = true;
    const p = await createPipeline(gw, 'busy', [{ type: 'TestProbe', config: { plugin_name: 'blocker' } }], { parallelism: 1 });
    const subs = Array.from({ length: 1000 }, () => submit(p));
    expect(p.ctx.waitQueueLength()).toBe(999);

    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setTimeout(resolve, 5));

    await createPipeline(gw, 'other', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/ok', response_body_buffer_key: 'ECHO' }), echoSpec('echo', ['REQUEST_METHOD'])]);
    const res = await request(`http://127.0.0.1:${serverPort(gw, 'other')}/ok`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ REQUEST_METHOD: 'GET' });

    // Releasing runs the queue through without starving the loop either.
    let immediates = 0;
    const counter = setInterval(() => immediates++, 0);
    while (ctl.waiting.length > 0) {
      ctl.releaseAll();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(subs.map((s) => s.done));
    clearInterval(counter);
    expect(immediates).toBeGreaterThan(0);
    expect(p.ctx.inFlight()).toBe(0);
  });
});

import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway, until } from '../support/harness';
import { probe } from '../support/test-plugins';

describe('max_wait_queue_length exceeded over HTTP', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('answers 503 GW_QUEUE_FULL while the slots and the queue are taken, then serves again', async () => {
    gw = await startTestGateway();
    const ctl = probe('hold');
    ctl.hold = true;
    await createPipeline(gw, 'slow', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/slow' }), { type: 'TestProbe', config: { plugin_name: 'hold' } }], {
      parallelism: 1,
      max_wait_queue_length: 1,
    });
    const base = `http://127.0.0.1:${serverPort(gw, 'slow')}`;
    const a = request(`${base}/slow`);
    const b = request(`${base}/slow`);
    await until(() => ctl.active === 1 && gw.pipeline('slow')!.ctx.waitQueueLength() === 1, 3000, 'one running, one queued');
    const refused = await request(`${base}/slow`);
    expect(refused.statusCode).toBe(503);
    expect(await refused.body.json()).toMatchObject({ code: 'GW_QUEUE_FULL' });
    ctl.releaseOne();
    await until(() => ctl.active === 1, 3000, 'queued task to start');
    ctl.releaseOne();
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    await Promise.all([ra.body.text(), rb.body.text()]);
  });
});

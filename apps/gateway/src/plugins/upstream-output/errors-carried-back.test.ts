import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { backendPipeline, balancedApi } from '../../../test/support/cross-pipeline';
import { freePort, startTestGateway } from '../../../test/support/harness';

describe('UpstreamOutput: errors and result codes come back; what cannot be served is 503, fast', () => {
  let gw: Gateway;
  let held: (() => void)[];
  let slow: TestBackend;
  beforeEach(async () => {
    held = [];
    slow = await startBackend((_req, res) => held.push(() => res.end('late')));
    gw = await startTestGateway();
  });
  afterEach(async () => {
    for (const h of held) h();
    await gw.stop();
    await slow.close();
  });

  it("a backend pipeline's failure (backend down) comes back with its result and error code", async () => {
    const base = await balancedApi(gw, [`http://127.0.0.1:${await freePort()}`]);
    const res = await request(`${base}/api/x`);
    expect(res.statusCode).toBe(502);
    expect(await res.body.json()).toMatchObject({ code: 'GW_BAD_GATEWAY' });
  });

  it('a target that does not answer within timeout_sec gives 503 GW_CROSS_PIPELINE_TIMEOUT and its backend call is cancelled', async () => {
    const base = await balancedApi(gw, [slow.url], { timeout_sec: 0.3 });
    const started = Date.now();
    const res = await request(`${base}/api/slow`);
    expect(res.statusCode).toBe(503);
    expect(await res.body.json()).toMatchObject({ code: 'GW_CROSS_PIPELINE_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
    // The target task was cancelled: it no longer holds a slot.
    expect(gw.pipeline('srv0')!.ctx.inFlight()).toBe(0);
    expect(gw.pipeline('srv0')!.inbox.wip).toBe(0);
  });

  it('a full backlog refuses at once with 503 GW_QUEUE_FULL', async () => {
    const base = await balancedApi(gw, [slow.url], {}, { parallelism: 1, cross_pipeline_request_backlog: 1 });
    const first = request(`${base}/api/a`);
    const second = request(`${base}/api/b`);
    while (gw.pipeline('srv0')!.inbox.wip < 2) await new Promise((r) => setTimeout(r, 5));
    const third = await request(`${base}/api/c`);
    expect(third.statusCode).toBe(503);
    expect(await third.body.json()).toMatchObject({ code: 'GW_QUEUE_FULL' });
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    held.shift()!();
    expect(await (await first).body.text()).toBe('late');
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    held.shift()!();
    expect(await (await second).body.text()).toBe('late');
  });

  it('a target that does not exist yet gives 503; once it is created, the same plugin reaches it', async () => {
    const ok = await startBackend();
    const base = await balancedApi(gw, [ok.url], { target_pipelines: ['later'] });
    const before = await request(`${base}/api/x`);
    expect(before.statusCode).toBe(503);
    expect(await before.body.json()).toMatchObject({ code: 'GW_SERVICE_UNAVAILABLE', message: expect.stringContaining('later') as unknown });
    await backendPipeline(gw, 'later', ok.url);
    const after = await request(`${base}/api/x`);
    expect(after.statusCode).toBe(200);
    await after.body.dump();
    await ok.close();
  });

  it('a pipeline an UpstreamOutput names cannot be deleted (409 naming the plugin) until the plugin lets it go', async () => {
    const ok = await startBackend();
    await balancedApi(gw, [ok.url, ok.url]);
    await expect(gw.deletePipeline('srv1')).rejects.toMatchObject({ code: 'GW_PIPELINE_IN_USE', status: 409, message: expect.stringContaining('api-up') as unknown });
    expect(gw.pipeline('srv1')).toBeDefined();
    const spec = gw.getPlugin('api-up');
    await gw.updatePlugin({ type: 'UpstreamOutput', config: { ...spec.config, target_pipelines: ['srv0'] } });
    await gw.deletePipeline('srv1');
    expect(gw.pipeline('srv1')).toBeUndefined();
    await ok.close();
  });

  it('a client that leaves cancels the work in the target pipeline', async () => {
    const base = await balancedApi(gw, [slow.url]);
    const ac = new AbortController();
    const pending = request(`${base}/api/gone`, { signal: ac.signal }).catch(() => undefined);
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await pending;
    const srv = gw.pipeline('srv0')!;
    const end = Date.now() + 3000;
    while (srv.ctx.inFlight() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(srv.ctx.inFlight()).toBe(0);
  });
});

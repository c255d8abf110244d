import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, echoSpec, FlakyStore, freePort, inputSpec, serverSpec, startTestGateway } from '../support/harness';

describe('a failing step leaves the model, the store and the traffic as they were', () => {
  let gw: Gateway;
  let store: FlakyStore;
  beforeEach(async () => {
    store = new FlakyStore();
    gw = await startTestGateway({ store });
  });
  afterEach(() => gw.stop());

  const get = async (url: string) => {
    const res = await request(url);
    return { status: res.statusCode, body: await res.body.text() };
  };

  it('refuses a pipeline whose route conflicts with another pipeline (GW_ROUTE_CONFLICT); the other still serves', async () => {
    await createPipeline(gw, 'owner', [serverSpec('srv'), inputSpec('in-a', 'srv', { path: '/same', response_body_buffer_key: 'ECHO' }), echoSpec('e', ['PATH_INFO'])]);
    const base = `http://127.0.0.1:${serverPort(gw, 'owner')}`;
    await gw.createPlugin(inputSpec('in-b', 'srv', { path: '/same' }));
    const savedBefore = await store.load();
    await expect(
      gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'thief', plugin_names: ['srv', 'in-b'] } }),
    ).rejects.toMatchObject({ code: 'GW_ROUTE_CONFLICT', status: 409, field: 'config.path' });
    expect(gw.listPipelines().map((p) => p.config.pipeline_name)).toEqual(['owner']);
    expect(gw.pipeline('thief')).toBeUndefined();
    expect(await store.load()).toEqual(savedBefore);
    expect(await get(`${base}/same`)).toEqual({ status: 200, body: JSON.stringify({ PATH_INFO: '/same' }) });

    // Updating the owner's input onto the other's route is refused the same way.
    await createPipeline(gw, 'second', [serverSpec('srv'), inputSpec('in-c', 'srv', { path: '/other', response_body_buffer_key: 'ECHO' }), echoSpec('e', ['PATH_INFO'])]);
    await expect(gw.updatePlugin(inputSpec('in-c', 'srv', { path: '/same', response_body_buffer_key: 'ECHO' }))).rejects.toMatchObject({
      code: 'GW_ROUTE_CONFLICT',
    });
    expect(gw.getPlugin('in-c').config['path']).toBe('/other');
    expect((await get(`${base}/other`)).status).toBe(200);
    expect(await get(`${base}/same`)).toEqual({ status: 200, body: JSON.stringify({ PATH_INFO: '/same' }) });
  });

  describe('with a store whose save throws', () => {
    let backend: TestBackend;
    beforeEach(async () => {
      backend = await startBackend();
    });
    afterEach(() => backend.close());

    it('leaves the model unchanged and the old pipeline serving', async () => {
      const out = { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: 'GET', header_patterns: { 'x-gen': 'old' } } };
      await createPipeline(gw, 'proxy', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/p' }), out]);
      const base = `http://127.0.0.1:${serverPort(gw, 'proxy')}`;
      const savedBefore = await store.load();
      store.failSaves = true;

      await expect(gw.updatePlugin({ ...out, config: { ...out.config, header_patterns: { 'x-gen': 'new' } } })).rejects.toThrow(/disk full/);
      await expect(gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'never', action: 'mark' } })).rejects.toThrow(/disk full/);
      await expect(
        gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'proxy', plugin_names: ['srv', 'in', 'out'], parallelism: 3 } }),
      ).rejects.toThrow(/disk full/);
      await expect(gw.deletePipeline('proxy')).rejects.toThrow(/disk full/);
      await expect(
        gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p2', plugin_names: ['srv', 'in'] } }),
      ).rejects.toThrow();

      expect(gw.getPlugin('out').config['header_patterns']).toEqual({ 'x-gen': 'old' });
      expect(gw.model.getPlugin('never')).toBeUndefined();
      expect(gw.getPipeline('proxy').config['parallelism']).toBe(0);
      expect(gw.listPipelines()).toHaveLength(1);
      expect(await store.load()).toEqual(savedBefore);

      const res = await request(`${base}/p`);
      expect(res.statusCode).toBe(200);
      expect(((await res.body.json()) as { headers: Record<string, string> }).headers['x-gen']).toBe('old');

      store.failSaves = false;
      await gw.updatePlugin({ ...out, config: { ...out.config, header_patterns: { 'x-gen': 'new' } } });
      const after = await request(`${base}/p`);
      expect(((await after.body.json()) as { headers: Record<string, string> }).headers['x-gen']).toBe('new');
    });

    it('a pipeline refused by the store leaves no route behind', async () => {
      await gw.createPlugin(serverSpec('srv'));
      await gw.createPlugin(inputSpec('in', 'srv', { path: '/ghost', response_body_buffer_key: 'ECHO' }));
      await gw.createPlugin(echoSpec('e', ['PATH_INFO']));
      await createPipeline(gw, 'keeper', [serverSpec('srv'), inputSpec('in-k', 'srv', { path: '/k', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
      store.failSaves = true;
      await expect(
        gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'ghost', plugin_names: ['srv', 'in', 'e'] } }),
      ).rejects.toThrow(/disk full/);
      const base = `http://127.0.0.1:${serverPort(gw, 'keeper')}`;
      expect((await get(`${base}/ghost`)).status).toBe(404);
      expect((await get(`${base}/k`)).status).toBe(200);
      store.failSaves = false;
      await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'ghost', plugin_names: ['srv', 'in', 'e'] } });
      expect((await get(`${base}/ghost`)).status).toBe(200);
    });
  });

  describe('an HTTPServer update to a port that is taken', () => {
    let blocker: Server;
    afterEach(() => new Promise<void>((r) => blocker.close(() => r())));

    it('fails with GW_LISTEN_FAILED and the old server keeps serving', async () => {
      const port = await freePort();
      blocker = createServer();
      const taken = await freePort();
      await new Promise<void>((r) => blocker.listen(taken, '127.0.0.1', r));
      await createPipeline(gw, 'web', [serverSpec('srv', { port }), inputSpec('in', 'srv', { path: '/x', response_body_buffer_key: 'ECHO' }), echoSpec('e', ['SERVER_PORT'])]);
      const savedBefore = await store.load();
      await expect(gw.updatePlugin(serverSpec('srv', { port: taken }))).rejects.toMatchObject({ code: 'GW_LISTEN_FAILED', field: 'config.port' });
      expect(gw.getPlugin('srv').config['port']).toBe(port);
      expect(await store.load()).toEqual(savedBefore);
      expect(await get(`http://127.0.0.1:${port}/x`)).toEqual({ status: 200, body: JSON.stringify({ SERVER_PORT: String(port) }) });
    });
  });
});

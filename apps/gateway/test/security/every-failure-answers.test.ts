import { request } from 'undici';
import { replay } from '../../src/config-store/config-store';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, FlakyStore, inputSpec, parseRaw, rawExchange, serverSpec, startTestGateway, until } from '../support/harness';

const step = (name: string, value: string, numeric: boolean) => ({
  type: 'TestStep',
  config: { plugin_name: name, action: 'set', key: 'HTTP_RESP_CODE', value, numeric },
});

describe('item 9: every failure still answers the client', () => {
  let gw: Gateway;
  let store: FlakyStore;
  let port: number;

  beforeAll(async () => {
    store = new FlakyStore();
    gw = await startTestGateway({ store });
    await createPipeline(gw, 'nan', [serverSpec('srv'), inputSpec('in-nan', 'srv', { path: '/nan' }), step('code-nan', 'not-a-number', false)]);
    await createPipeline(gw, 'big', [serverSpec('srv'), inputSpec('in-big', 'srv', { path: '/big' }), step('code-big', '1000', true)]);
    port = serverPort(gw, 'nan');
  });
  afterAll(() => gw.stop());

  it.each(['/nan', '/big'])('a response code that is not an HTTP status (%s) is a JSON 502 and a closed connection', async (path) => {
    const r = parseRaw(await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: gw\r\n\r\n`, 4000));
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'GW_BAD_GATEWAY' });
    expect(r.headers['connection']).toBe('close');
  });

  it('a model-change callback that throws changes nothing: the update applies to disk and traffic alike', async () => {
    await createPipeline(gw, 'cb', [serverSpec('srv'), inputSpec('in-cb', 'srv', { path: '/x' }), step('code-cb', '204', true)]);
    gw.model.pluginUpdated.add('observer-that-throws', () => {
      throw new Error('observer bug');
    });
    const ranAfter: string[] = [];
    gw.model.pluginUpdated.add('later-observer', (spec) => ranAfter.push(spec.config.plugin_name), 10);
    try {
      await expect(gw.updatePlugin(inputSpec('in-cb', 'srv', { path: '/y' }))).resolves.toMatchObject({ config: { path: '/y' } });
      const onDisk = replay(await store.load()).config.plugins.find((p) => p.config.plugin_name === 'in-cb')!;
      expect(onDisk.config['path']).toBe('/y');
      const y = await request(`http://127.0.0.1:${port}/y`);
      expect(y.statusCode).toBe(204);
      const x = await request(`http://127.0.0.1:${port}/x`);
      expect(x.statusCode).toBe(404);
      await Promise.all([y.body.text(), x.body.text()]);
      expect(ranAfter).toEqual(['in-cb']);
    } finally {
      gw.model.pluginUpdated.delete('observer-that-throws');
      gw.model.pluginUpdated.delete('later-observer');
    }
  });

  it('a broken instance is rebuilt in RAM without writing config, each time it breaks (a refused write cannot stop it)', async () => {
    await createPipeline(gw, 'broken', [serverSpec('srv'), inputSpec('in-broken', 'srv', { path: '/broken' }), { type: 'TestFail', config: { plugin_name: 'thrower', throw: true } }]);
    const generation = () => gw.pipeline('broken')!.currentHandles().find((h) => h.pluginName === 'thrower')!.generation;
    const saves = store.saves;
    const before = await store.load();
    store.failSaves = true; // a rebuild that tried to write would fail here
    try {
      for (let round = 1; round <= 3; round++) {
        const g = generation();
        const r = await request(`http://127.0.0.1:${port}/broken`);
        expect(r.statusCode).toBe(500);
        await r.body.text();
        await until(() => generation() > g, 5000, `rebuild ${round}`);
      }
    } finally {
      store.failSaves = false;
    }
    expect(store.saves).toBe(saves);
    expect(await store.load()).toEqual(before);
  });
});

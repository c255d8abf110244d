import { request } from 'undici';
import { cachingRecipe } from '../../src/bench/recipes';
import { ManualClock } from '../../src/engine/clock';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort, startGateway } from '../support/gateway';

/**
 * Reference §2.11, caching (`cachingRecipe`): two SimpleCommonCache plugins (status, then body)
 * in front of HTTPOutput → IOReader, through a real gateway and backend; the README shows the
 * same config. The body cache finishes the pipeline on a hit: an answer whose body was never read
 * (a status HTTPOutput did not expect ends the pipeline before IOReader) has no body cached, so it
 * is fetched again rather than served without its body.
 */
describe('recipe: caching (SimpleCommonCache + IOReader + HTTPOutput)', () => {
  let gw: Gateway;
  let backend: TestBackend;
  const clock = new ManualClock();
  let n = 0;
  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      n++;
      res.writeHead(req.url === '/items/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, n }));
    });
    gw = await startGateway({ clock });
    const specs = cachingRecipe(backend.url);
    for (const s of specs) await gw.createPlugin(s);
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'cached', plugin_names: specs.map((s) => s.config.plugin_name) } });
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  const get = async (path: string) => {
    const res = await request(`http://127.0.0.1:${serverPort(gw, 'cached')}${path}`);
    return { status: res.statusCode, body: await res.body.text() };
  };

  it('answers a repeated request from the cache until its TTL lapses', async () => {
    const first = await get('/items/1?color=red');
    expect(first).toEqual({ status: 200, body: '{"url":"/items/1?color=red","n":1}' });
    expect(await get('/items/1?color=red')).toEqual(first);
    expect(backend.requests).toHaveLength(1);
    expect((await get('/items/1?color=blue')).body).toBe('{"url":"/items/1?color=blue","n":2}');
    clock.advance(59_000);
    expect(await get('/items/1?color=red')).toEqual(first); // a hit renews the TTL
    clock.advance(59_000);
    expect(await get('/items/1?color=red')).toEqual(first);
    clock.advance(60_001);
    expect((await get('/items/1?color=red')).body).toBe('{"url":"/items/1?color=red","n":3}');
  });

  it('does not serve an unexpected status from the cache (its body was never read)', async () => {
    const before = backend.requests.length;
    expect(await get('/items/missing')).toMatchObject({ status: 404, body: expect.stringContaining('"url":"/items/missing"') as unknown });
    expect((await get('/items/missing')).status).toBe(404);
    expect(backend.requests.length - before).toBe(2);
  });
});

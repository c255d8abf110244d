import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../support/harness';

describe('no route (404) and method not allowed (405)', () => {
  let gw: Gateway;
  let base: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'r', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/only/{id}', methods: ['GET', 'PUT'], response_body_buffer_key: 'ECHO' }),
      echoSpec('e', []),
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'r')}`;
  });
  afterAll(() => gw.stop());

  it('answers 404 GW_NOT_FOUND JSON for a path no route matches', async () => {
    for (const path of ['/', '/only', '/only/1/2', '/elsewhere']) {
      const res = await request(`${base}${path}`);
      expect(res.statusCode).toBe(404);
      expect(await res.body.json()).toMatchObject({ code: 'GW_NOT_FOUND' });
    }
  });

  it('answers 405 GW_METHOD_NOT_ALLOWED with Allow for a known path and another method', async () => {
    const res = await request(`${base}/only/1`, { method: 'DELETE' });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, PUT');
    expect(await res.body.json()).toMatchObject({ code: 'GW_METHOD_NOT_ALLOWED' });
  });
});

import { Client, request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('decoded path params put into url_pattern stay inside their segment', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 'p', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/users/{id}' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/internal/users/{id}/profile`, method: 'GET' } }]);
    base = `http://127.0.0.1:${serverPort(gw, 'p')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it.each([
    ['x%3Fadmin%3D1', '/internal/users/x%3Fadmin%3D1/profile'],
    ['a%20b', '/internal/users/a%20b/profile'],
    ['caf%C3%A9', '/internal/users/caf%C3%A9/profile'],
  ])('%s reaches the backend re-encoded', async (id, expected) => {
    const res = await request(`${base}/users/${id}`);
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { url: string }).url).toBe(expected);
  });

  it.each(['..%2F..%2Fadmin', '..', '.%2E', '%2e%2e'])('%s (a dot segment) is refused with 400 and never reaches the backend', async (id) => {
    const before = backend.requests.length;
    // A Client sends the path as written; request() would normalise the dots away first.
    const client = new Client(base);
    const res = await client.request({ path: `/users/${id}`, method: 'GET' });
    await client.close();
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ code: 'GW_BAD_REQUEST' });
    expect(backend.requests.length).toBe(before);
  });
});

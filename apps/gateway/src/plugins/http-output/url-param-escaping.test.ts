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

  // A Client sends the path as written; request() would normalise the dots away first.
  it.each([
    ['..%2F..%2Fadmin', 400, 'GW_BAD_REQUEST'], // escaped slashes are refused by default
    ['..', 404, 'GW_NOT_FOUND'], // dot segments are resolved before routing: /users/.. is /
    ['.%2E', 404, 'GW_NOT_FOUND'],
    ['%2e%2e', 404, 'GW_NOT_FOUND'],
  ])('%s (a dot segment) never becomes a param value nor reaches the backend (%i)', async (id, status, code) => {
    const before = backend.requests.length;
    const client = new Client(base);
    const res = await client.request({ path: `/users/${id}`, method: 'GET' });
    await client.close();
    expect(res.statusCode).toBe(status);
    expect(await res.body.json()).toMatchObject({ code });
    expect(backend.requests.length).toBe(before);
  });
});

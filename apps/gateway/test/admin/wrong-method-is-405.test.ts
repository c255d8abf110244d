import type { RunningGateway } from '../../src/bootstrap';
import { api, removeDir, startGateway, tempDataDir } from './harness';

describe('an admin path called with a method it does not take', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it.each([
    ['PATCH', '/admin/v1/plugins', 'GET, POST, PUT'],
    ['DELETE', '/admin/v1/pipelines', 'GET, POST, PUT'],
    ['POST', '/admin/v1/plugins/some-name', 'DELETE, GET'],
    ['PUT', '/admin/v1/pipelines/some-name?x=1', 'DELETE, GET'],
    ['POST', '/admin/v1/plugin-types', 'GET'],
    ['DELETE', '/health/v1/check', 'GET'],
  ])('%s %s → 405 GW_METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
    const res = await api(
      gw.adminUrl,
      method,
      path,
      method === 'PATCH' || method === 'POST' || method === 'PUT' ? {} : undefined,
    );
    expect(res.status).toBe(405);
    expect(res.body.code).toBe('GW_METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe(allow);
  });

  it('is still 404 for a path no route serves', async () => {
    const res = await api(gw.adminUrl, 'PATCH', '/admin/v1/plugins/a/b');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('GW_NOT_FOUND');
  });
});

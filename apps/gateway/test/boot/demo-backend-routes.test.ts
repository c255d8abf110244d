import { startDemoBackend, type DemoBackend } from '../../src/demo/demo-backend';

describe('the demo backend', () => {
  let backend: DemoBackend;
  beforeAll(async () => {
    backend = await startDemoBackend({ port: 0 });
  });
  afterAll(() => backend.close());

  it('echoes method, path, query, headers and body as JSON', async () => {
    const res = await fetch(`${backend.url}/api/things?a=1`, {
      method: 'PUT',
      body: 'payload',
      headers: { 'x-demo': 'yes' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      method: 'PUT',
      path: '/api/things',
      query: 'a=1',
      headers: { 'x-demo': 'yes' },
      body: 'payload',
      body_bytes: 7,
    });
  });

  it('answers …/status/{code} with that status, also under a prefix', async () => {
    expect((await fetch(`${backend.url}/status/418`)).status).toBe(418);
    expect((await fetch(`${backend.url}/api/status/503`)).status).toBe(503);
  });

  it('answers …/slow?ms=N only after N ms', async () => {
    const start = Date.now();
    const res = await fetch(`${backend.url}/api/slow?ms=150`);
    expect(res.status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(((await res.json()) as { waited_ms: number }).waited_ms).toBe(150);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningGateway } from '../../src/bootstrap';
import { api, removeDir, startGateway, tempDataDir } from './harness';

describe('health routes and the OpenAPI document', () => {
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

  it('/health/v1/check answers 200 {status: "ok"}', async () => {
    const res = await api(gw.adminUrl, 'GET', '/health/v1/check');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/health/v1/ready answers 200 with the applied sequence on an embedded gateway', async () => {
    const res = await api(gw.adminUrl, 'GET', '/health/v1/ready');
    expect([res.status, res.body]).toEqual([200, { status: 'ready', sequence: 0 }]);
  });

  it('/health/v1/info answers the build facts from package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    const res = await api(gw.adminUrl, 'GET', '/health/v1/info');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.build).sort()).toEqual(['build', 'name', 'release', 'repository']);
    expect(res.body.build.name).toBe(pkg.name);
    expect(res.body.build.release).toBe(pkg.version);
  });

  it('/health/v1/backends lists the instances of HTTPOutput upstreams (none here)', async () => {
    const res = await api(gw.adminUrl, 'GET', '/health/v1/backends');
    expect([res.status, res.body]).toEqual([200, { upstreams: [] }]);
  });

  it('/openapi.json documents every admin route, the error shape and both key schemes', async () => {
    const res = await fetch(`${gw.adminUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/admin/v1/pipeline-types',
      '/admin/v1/pipelines',
      '/admin/v1/pipelines/{name}',
      '/admin/v1/plugin-types',
      '/admin/v1/plugins',
      '/admin/v1/plugins/{name}',
      '/health/v1/backends',
      '/health/v1/check',
      '/health/v1/info',
      '/health/v1/ready',
      '/metrics',
      '/statistics/v1/gateway/loadavg',
      '/statistics/v1/gateway/rusage',
      '/statistics/v1/gateway/uptime',
      '/statistics/v1/pipelines',
      '/statistics/v1/pipelines/{pipeline}/indicators',
      '/statistics/v1/pipelines/{pipeline}/indicators/value',
      '/statistics/v1/pipelines/{pipeline}/indicators/{indicator}/desc',
      '/statistics/v1/pipelines/{pipeline}/indicators/{indicator}/value',
      '/statistics/v1/pipelines/{pipeline}/plugins/{plugin}/indicators',
      '/statistics/v1/pipelines/{pipeline}/plugins/{plugin}/indicators/value',
      '/statistics/v1/pipelines/{pipeline}/plugins/{plugin}/indicators/{indicator}/desc',
      '/statistics/v1/pipelines/{pipeline}/plugins/{plugin}/indicators/{indicator}/value',
      '/statistics/v1/pipelines/{pipeline}/snapshot',
      '/statistics/v1/pipelines/{pipeline}/task/indicators',
      '/statistics/v1/pipelines/{pipeline}/task/indicators/value',
      '/statistics/v1/pipelines/{pipeline}/task/indicators/{indicator}/desc',
      '/statistics/v1/pipelines/{pipeline}/task/indicators/{indicator}/value',
      '/statistics/v1/registered-indicators',
    ]);
    expect(Object.keys(doc.paths['/admin/v1/plugins']!).sort()).toEqual(['get', 'post', 'put']);
    expect(Object.keys(doc.paths['/admin/v1/plugins/{name}']!).sort()).toEqual(['delete', 'get']);
    expect(doc.paths['/admin/v1/plugins']!['post']!.responses).toHaveProperty('201');
    expect(doc.paths['/admin/v1/plugins/{name}']!['delete']!.responses).toHaveProperty('409');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
  });
});

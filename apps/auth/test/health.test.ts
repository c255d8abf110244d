// GET /v1/health answers 200 with the database up and the package version.
import { call } from './http';
import { startTestApp, type TestApp } from './harness';
import { describeEachDatabase } from './services';

describeEachDatabase('health (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers 200 when the database answers', async () => {
    const res = await call(t.url, 'GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', version: '0.1.0' });
  });
});

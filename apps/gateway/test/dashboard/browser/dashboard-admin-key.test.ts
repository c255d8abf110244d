import { join } from 'node:path';
import type { Request } from 'playwright-core';
import type { RunningGateway } from '../../../src/bootstrap';
import { MemoryConfigStore } from '../../../src/config-store/config-store';
import { startBackend, type TestBackend } from '../../support/backend';
import { ARTIFACTS_DIR, describeInBrowser, openBrowser, unexpectedProblems, watchProblems, type BrowserSession } from '../../support/browser';
import { api, freePort, proxySpecs, startGateway } from '../../admin/harness';

const KEY = 'dashboard-test-key-7f3a9c';

/**
 * With an admin key the page asks for it, sends it as `Authorization: Bearer` on every call,
 * keeps it for the tab only (sessionStorage: a reload keeps it, a new tab asks again) and
 * forgets it on demand. A wrong key is refused where the key is typed.
 */
describeInBrowser('dashboard behind the admin key', () => {
  let gw: RunningGateway;
  let backend: TestBackend;
  let browser: BrowserSession;
  jest.setTimeout(90_000);

  beforeAll(async () => {
    backend = await startBackend((_req, res) => res.end('ok'));
    gw = await startGateway({ store: new MemoryConfigStore(), apiKey: KEY });
    const specs = proxySpecs(await freePort(), backend.url, 'keyed');
    const auth = { authorization: `Bearer ${KEY}` };
    for (const p of specs.plugins) expect((await api(gw.adminUrl, 'POST', '/admin/v1/plugins', p, auth)).status).toBe(201);
    expect((await api(gw.adminUrl, 'POST', '/admin/v1/pipelines', specs.pipeline, auth)).status).toBe(201);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await backend?.close();
  });

  it('asks for the key, refuses a wrong one, and then shows the gateway', async () => {
    const page = browser.page;
    const sent: Request[] = [];
    page.on('request', (r) => sent.push(r));
    await page.goto(`${gw.adminUrl}/`);
    await page.locator('#key-prompt').waitFor();
    expect(await page.locator('table.pipelines tbody tr').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'key-prompt.png') });

    await page.locator('#admin-key').fill('not-the-key');
    await page.locator('#key-form button[type="submit"]').click();
    await page.locator('#key-message.error', { hasText: 'refused' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('gatehouse.adminKey'))).toBeNull();

    await page.locator('#admin-key').fill(KEY);
    await page.locator('#key-form button[type="submit"]').click();
    await page.locator('tr[data-pipeline="keyed-pipe"]').waitFor();
    expect(await page.locator('#key-prompt').isHidden()).toBe(true);
    const apiCalls = sent.filter((r) => new URL(r.url()).pathname.startsWith('/statistics/v1/'));
    expect(apiCalls.at(-1)!.headers()['authorization']).toBe(`Bearer ${KEY}`);
    // The key lives in this tab's sessionStorage only: no cookie, no localStorage.
    expect(await page.evaluate(() => [document.cookie, localStorage.length])).toEqual(['', 0]);
  });

  it('keeps the key across a reload of the tab, but not for a new tab', async () => {
    const page = browser.page;
    await page.reload();
    await page.locator('tr[data-pipeline="keyed-pipe"]').waitFor();
    expect(await page.locator('#key-prompt').isHidden()).toBe(true);

    const other = await browser.context.newPage();
    const problems: string[] = [];
    watchProblems(other, problems);
    await other.goto(`${gw.adminUrl}/`);
    await other.locator('#key-prompt').waitFor();
    expect(unexpectedProblems(problems, [[401, '/statistics/v1/pipelines'], [401, '/statistics/v1/registered-indicators']])).toEqual([]);
    await other.close();
  });

  it('forgets the key on demand', async () => {
    const page = browser.page;
    await page.locator('#forget-key').click();
    await page.locator('#key-prompt').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('gatehouse.adminKey'))).toBeNull();
  });

  it('reported no console error beyond the refusals the tests caused', () => {
    expect(
      unexpectedProblems(browser.problems, [
        [401, '/statistics/v1/pipelines'],
        [401, '/statistics/v1/registered-indicators'],
        [404, '/health/v1/backends'],
        [404, '/cluster/health/v1/members'],
      ]),
    ).toEqual([]);
  });
});

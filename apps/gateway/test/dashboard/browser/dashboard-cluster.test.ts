import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { itWith } from '@gatehouse/test-support';
import { eventually, startNode, stopNode, testGroup, type TestNode } from '../../cluster/cluster-fixture';
import { ARTIFACTS_DIR, describeInBrowser, openBrowser, unexpectedProblems, type BrowserSession } from '../../support/browser';

/**
 * In cluster mode the dashboard shows the node's group: every member with its mode, whether it is
 * synced and how far it lags the log (`/cluster/health/v1/members`).
 */
describeInBrowser('dashboard in a browser, on a cluster node', () => {
  const group = testGroup();
  let writer: TestNode | undefined;
  let reader: TestNode | undefined;
  let browser: BrowserSession | undefined;
  let page: Page;
  jest.setTimeout(120_000);

  afterAll(async () => {
    await browser?.close();
    if (reader) await stopNode(reader);
    if (writer) await stopNode(writer);
  });

  const memberRows = (): Promise<Record<string, string>[]> =>
    page.locator('#cluster table').evaluate((table) => {
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
      return [...table.querySelectorAll('tbody tr')].map((tr) =>
        Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [heads[i] ?? String(i), td.textContent ?? ''])),
      );
    });

  itWith('redis')('lists the writer and the reader with their sync lag', async () => {
    writer = await startNode(group, 'write', 'dash-writer');
    reader = await startNode(group, 'read', 'dash-reader');
    await writer.send('POST', '/admin/v1/plugins', { type: 'HTTPServer', config: { plugin_name: 'dash-srv', port: 0 } });
    await eventually(async () => (await reader!.get('/cluster/health/v1/members')).body.members?.every((m: { synced: boolean }) => m.synced) === true, 10_000, 'both members synced');
    browser = await openBrowser();
    page = browser.page;
    await page.goto(`${writer.gw.adminUrl}/`);
    await page.locator('#cluster table tbody tr').nth(1).waitFor();
    expect(await page.locator('#cluster').isVisible()).toBe(true);
    const rows = await memberRows();
    expect(rows.map((r) => r['name']).sort()).toEqual(['dash-reader', 'dash-writer']);
    expect(rows.find((r) => r['name'] === 'dash-reader')).toMatchObject({ mode: 'read', synced: 'true', sync_lag: '0' });
    expect(rows.find((r) => r['name'] === 'dash-writer')).toMatchObject({ mode: 'write' });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'dashboard-cluster.png'), fullPage: true });
    expect(unexpectedProblems(browser.problems, [[404, '/health/v1/backends']])).toEqual([]);
  });
});

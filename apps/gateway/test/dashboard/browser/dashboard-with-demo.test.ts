import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { runDemo, type RunningDemo } from '../../../src/demo/run-demo';
import { api, freePort, removeDir, tempDataDir } from '../../admin/harness';
import { ARTIFACTS_DIR, describeInBrowser, openBrowser, unexpectedProblems, type BrowserSession } from '../../support/browser';

/**
 * The dashboard in Debian's Chromium against the demo (`pnpm demo` without the login routes):
 * the page loads with no console error, shows the demo's pipelines, its numbers move under
 * traffic, an edit through the generated form changes the data plane, and a bad value is shown
 * at its field. Screenshots and the page's weight go to test-artifacts/dashboard.
 */
describeInBrowser('dashboard in a browser, on the demo', () => {
  let dir: string;
  let demo: RunningDemo;
  let browser: BrowserSession;
  let page: Page;
  let admin: string;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    dir = await tempDataDir();
    demo = await runDemo({ backendPort: 0, gatewayPort: await freePort(), adminPort: 0, dataDir: dir, logger: pino({ level: 'silent' }), login: false });
    admin = demo.gateway.adminUrl;
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (dir) await removeDir(dir);
  });

  const burst = async (n: number, path = '/api/burst'): Promise<number[]> =>
    Promise.all(Array.from({ length: n }, () => fetch(`${demo.gatewayUrl}${path}`).then(async (r) => (await r.arrayBuffer(), r.status))));
  const cell = (pipeline: string, selector: string) => page.locator(`tr[data-pipeline="${pipeline}"] ${selector}`);

  it('loads with its own assets only, shows every pipeline of the demo, and is light', async () => {
    // The demo prints the dashboard's URL; that is the page opened here.
    expect(demo.guide).toContain(`dashboard   ${admin}/\n`);
    await page.goto(`${admin}/`);
    const expected = ((await api(admin, 'GET', '/statistics/v1/pipelines')).body.pipelines as { pipeline: string }[]).map((p) => p.pipeline).sort();
    expect(expected).toEqual(expect.arrayContaining(['demo-api', 'demo-v1-upgrade']));
    await page.locator('tr[data-pipeline="demo-api"] span.spark canvas').first().waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('gatehouse:first-chart').length > 0);
    const shown = await page.locator('table.pipelines tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pipeline')));
    expect(shown).toEqual(expected);
    // Absent APIs hide their sections instead of inventing data; the demo has no upstream.
    await page.locator('#backends p.empty').waitFor();
    expect(await page.locator('#backends p.empty').textContent()).toBe('none reported');
    expect(await page.locator('#cluster').isHidden()).toBe(true);

    const figures = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const own = resources.filter((r) => new URL(r.name).pathname.startsWith('/dashboard/'));
      const apiCalls = resources.filter((r) => !new URL(r.name).pathname.startsWith('/dashboard/'));
      return {
        origins: [...new Set(resources.map((r) => new URL(r.name).origin))],
        pageBytes: nav.transferSize + own.reduce((n, r) => n + r.transferSize, 0),
        decodedBytes: nav.decodedBodySize + own.reduce((n, r) => n + r.decodedBodySize, 0),
        assets: own.map((r) => ({ path: new URL(r.name).pathname, transfer: r.transferSize, decoded: r.decodedBodySize })),
        apiBytesFirstLoad: apiCalls.reduce((n, r) => n + r.transferSize, 0),
        domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
        firstChartMs: Math.round(performance.getEntriesByName('gatehouse:first-chart')[0]!.startTime),
      };
    });
    expect(figures.origins).toEqual([new URL(admin).origin]);
    expect(figures.assets.map((a) => a.path)).toEqual([expect.stringMatching(/^\/dashboard\/app-\w+\.css$/), expect.stringMatching(/^\/dashboard\/app-\w+\.js$/)]);
    // Brotli on the wire: the page and its two assets stay far below 100 KB.
    expect(figures.pageBytes).toBeLessThan(100_000);
    expect(figures.pageBytes).toBeLessThan(figures.decodedBytes / 2);

    // The baseline: the admin plane's other web page, Swagger UI at /docs, loaded the same way.
    const docs = await browser.context.newPage();
    await docs.goto(`${admin}/docs`, { waitUntil: 'load' });
    const docsBytes = await docs.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return nav.transferSize + (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce((n, r) => n + r.transferSize, 0);
    });
    await docs.close();
    const result = { ...figures, swaggerUiBytes: docsBytes, ratioToSwaggerUi: Math.round((1000 * figures.pageBytes) / docsBytes) / 1000 };
    await writeFile(join(ARTIFACTS_DIR, 'figures.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `dashboard: ${figures.pageBytes} B transferred (${figures.decodedBytes} B decoded; Swagger UI ${docsBytes} B, ratio ${result.ratioToSwaggerUi}), first chart at ${figures.firstChartMs} ms\n`,
    );
  });

  it('moves its numbers under traffic: requests, req/s, errors and the limiter state', async () => {
    expect(await cell('demo-api', 'td[data-col="count"]').textContent()).toBe('0');
    const codes = await burst(40);
    const limited = codes.filter((c) => c === 429).length;
    expect(limited).toBeGreaterThan(0);
    await page.waitForFunction(() => document.querySelector('tr[data-pipeline="demo-api"] td[data-col="count"]')?.textContent?.startsWith('40 '), undefined, { timeout: 15_000 });
    expect(await cell('demo-api', 'td[data-col="count"]').textContent()).toBe(`40 (${limited} failed)`);
    // Rates and the limiter's share move once the gateway's 5-s tick has run and the page polled again.
    await page.waitForFunction(() => document.querySelector('tr[data-pipeline="demo-api"] [data-figure="rate"]')?.textContent !== '0/s', undefined, { timeout: 25_000 });
    await cell('demo-api', '.chip.hot[data-indicator="FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN"]').waitFor({ timeout: 25_000 });
    expect(await cell('demo-api', '[data-figure="errorPct"]').textContent()).not.toBe('0 %');
    expect(await cell('demo-api', '[data-figure="p99"]').textContent()).toMatch(/\d (ns|µs|ms|s)$/);
    expect(await cell('demo-v1-upgrade', 'td[data-col="count"]').textContent()).toBe('0');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'overview.png') });
  });

  it('draws a pipeline as its plugins in run order, with their figures and the last errors', async () => {
    await cell('demo-api', 'th a').click();
    await page.locator('ol.flow li.plugin').first().waitFor({ timeout: 15_000 });
    const spec = (await api(admin, 'GET', '/admin/v1/pipelines/demo-api')).body;
    const drawn = await page.locator('ol.flow li.plugin').evaluateAll((li) => li.map((l) => l.getAttribute('data-plugin')));
    expect(drawn).toEqual(spec.config.plugin_names);
    const limiterRuns = await page.locator('li.plugin[data-plugin="demo-limiter"] dd[data-indicator="EXECUTION_COUNT_ALL"]').textContent();
    expect(limiterRuns).toBe('40');
    await page.locator('.recent-errors td', { hasText: 'GW_FLOW_CONTROL' }).first().waitFor();
    expect(await page.locator('.recent-errors tbody tr').count()).toBe(Math.min(20, (await api(admin, 'GET', '/statistics/v1/pipelines/demo-api/snapshot')).body.recent_errors.length));
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'pipeline.png'), fullPage: true });
  });

  it('applies an edit made through the generated form to the data plane', async () => {
    await page.goto(`${admin}/#/config/plugins/demo-limiter`);
    const tps = page.locator('input[name="config.tps"]');
    await tps.waitFor();
    expect(await tps.inputValue()).toBe('11');
    expect(await page.locator('input[name="config.plugin_name"]').getAttribute('readonly')).toBe('');
    await tps.fill('0');
    await page.locator('#spec-save').click();
    await page.locator('.form-message.ok').waitFor();
    expect((await api(admin, 'GET', '/admin/v1/plugins/demo-limiter')).body.config.tps).toBe('0');
    expect(await burst(5, '/api/after-edit')).toEqual([429, 429, 429, 429, 429]);
  });

  it('shows a value the server refuses at its field, and changes nothing', async () => {
    const tps = page.locator('input[name="config.tps"]');
    await tps.fill('fast');
    await page.locator('#spec-save').click();
    const error = page.locator('.field[data-field="config.tps"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^config\.tps must match pattern/);
    expect(await tps.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.form-message.error').textContent()).toMatch(/^GW_VALIDATION: /);
    expect((await api(admin, 'GET', '/admin/v1/plugins/demo-limiter')).body.config.tps).toBe('0');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'config-error.png'), fullPage: true });
  });

  it('creates and deletes with the rules of the API', async () => {
    await page.goto(`${admin}/#/config/new/plugin`);
    await page.locator('#spec-type').selectOption('ThroughputRateLimiter');
    await page.locator('input[name="config.plugin_name"]').fill('dash-limiter');
    await page.locator('input[name="config.tps"]').fill('5');
    await page.locator('#spec-save').click();
    await page.waitForURL(/#\/config\/plugins\/dash-limiter$/);
    expect((await api(admin, 'GET', '/admin/v1/plugins/dash-limiter')).body).toMatchObject({ type: 'ThroughputRateLimiter', config: { tps: '5', timeout_msec: 200 } });
    await page.locator('#plugin-list a', { hasText: 'dash-limiter' }).waitFor();

    // A pipeline naming a plugin that does not exist: the refusal lands on that item.
    await page.goto(`${admin}/#/config/new/pipeline`);
    await page.locator('input[name="config.pipeline_name"]').fill('dash-pipe');
    await page.locator('.field[data-field="config.plugin_names"] > button', { hasText: 'add' }).click();
    await page.locator('input[name="config.plugin_names.0"]').fill('nope');
    await page.locator('#spec-save').click();
    await page.locator('.field[data-field="config.plugin_names.0"] .field-error').waitFor();
    expect(await page.locator('.form-message.error').textContent()).toMatch(/^GW_UNKNOWN_PLUGIN: /);
    expect((await api(admin, 'GET', '/admin/v1/pipelines/dash-pipe')).status).toBe(404);

    // A plugin in use cannot be deleted; an unused one can (each after a second click).
    await page.goto(`${admin}/#/config/plugins/demo-limiter`);
    await page.locator('#spec-delete').click();
    await page.locator('#spec-delete', { hasText: 'Really delete demo-limiter?' }).click();
    await page.locator('.form-message.error', { hasText: 'GW_PLUGIN_IN_USE' }).waitFor();
    await page.goto(`${admin}/#/config/plugins/dash-limiter`);
    await page.locator('#spec-delete').click();
    await page.locator('#spec-delete').click();
    await page.waitForURL(/#\/config$/);
    expect((await api(admin, 'GET', '/admin/v1/plugins/dash-limiter')).status).toBe(404);
  });

  it('reported no console error beyond the refusals the tests caused', () => {
    expect(
      unexpectedProblems(browser.problems, [
        [404, '/health/v1/backends'],
        [404, '/cluster/health/v1/members'],
        [400, '/admin/v1/plugins'],
        [400, '/admin/v1/pipelines'],
        [409, '/admin/v1/plugins/demo-limiter'],
      ]),
    ).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium (apt: chromium); `CHROMIUM_PATH` points elsewhere. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Where browser tests leave screenshots and figures (gitignored). */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts', 'dashboard');

/**
 * Flags for a headless browser on a machine with no outside network: no sandbox (root), no GPU,
 * and none of the background connections Chromium would make at start.
 */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const required = process.env['REQUIRE_SERVICES'] === '1';

/**
 * `describe` when the browser is installed, or when REQUIRE_SERVICES=1 (then a missing browser
 * fails the run at launch); otherwise `describe.skip`, so the tests report as skipped.
 */
export const describeInBrowser: jest.Describe = existsSync(CHROMIUM_PATH) || required ? describe : describe.skip;

/** A console message or page error the test did not expect. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, as `type: text @ url`. */
  problems: string[];
  close(): Promise<void>;
}

/** Collects what a page reports as errors. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}

/** Starts Chromium on a fresh profile folder, with one page open. */
export async function openBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is required (REQUIRE_SERVICES=1) but ${CHROMIUM_PATH} is missing: apt-get install chromium`);
  }
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'gh-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  watchProblems(page, problems);
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium logs every answer >= 400 as "Failed to load resource". Those the test caused on
 * purpose are named here as [status, path]; everything else is a problem.
 */
export function unexpectedProblems(problems: readonly string[], expected: readonly [number, string][]): string[] {
  return problems.filter((p) => {
    const m = /^error: Failed to load resource: the server responded with a status of (\d+) .* @ https?:\/\/[^/]+(\/\S*)$/.exec(p);
    return m === null || !expected.some(([status, path]) => String(status) === m[1] && path === m[2]);
  });
}

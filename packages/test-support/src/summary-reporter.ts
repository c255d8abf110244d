// A Jest reporter (wired in jest.base.cjs) that writes the run's counts to
// $GATEHOUSE_TEST_SUMMARY_DIR/<package>.json, so the root test command can close with one total
// line for every package. Without that variable it does nothing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Environment variable naming the directory summaries go to. */
export const SUMMARY_DIR_ENV = 'GATEHOUSE_TEST_SUMMARY_DIR';

/** What one package's Jest run leaves behind. */
export interface RunSummary {
  package: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed before any test ran (syntax error, throwing import, ...). */
  brokenFiles: number;
}

/** The subset of Jest's AggregatedResult this reporter reads. */
interface AggregatedCounts {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

/** Summary file name for a package name (`@gatehouse/auth` → `gatehouse__auth.json`). */
export function summaryFileName(packageName: string): string {
  return `${packageName.replace(/^@/, '').replace(/[^A-Za-z0-9._-]/g, '__')}.json`;
}

export default class SummaryReporter {
  private readonly packageName: string;

  constructor(globalConfig: { rootDir: string }) {
    const pkg = JSON.parse(readFileSync(join(globalConfig.rootDir, 'package.json'), 'utf8')) as { name?: unknown };
    this.packageName = typeof pkg.name === 'string' ? pkg.name : globalConfig.rootDir;
  }

  onRunComplete(_contexts: unknown, results: AggregatedCounts): void {
    const dir = process.env[SUMMARY_DIR_ENV];
    if (dir === undefined || dir === '') return;
    const summary: RunSummary = {
      package: this.packageName,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      brokenFiles: results.numRuntimeErrorTestSuites,
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, summaryFileName(this.packageName)), `${JSON.stringify(summary)}\n`);
  }
}

#!/usr/bin/env node
// The README's test command (`pnpm test`): build, lint, typecheck and every package's Jest run
// through turbo, with --continue so one failing package hides no other package's results; then
// the circular-import check; then one closing line totalling every Jest run:
// "N passed, N failed, N skipped". Each run leaves its counts in GATEHOUSE_TEST_SUMMARY_DIR
// (the reporter in @gatehouse/test-support); a package whose tests never reported counts as failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Workspace package folders (the globs of pnpm-workspace.yaml are all `<group>/*`). */
function workspaceDirs() {
  const globs = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').match(/^ {2}- (\S+)\/\*$/gm) ?? [];
  return globs
    .map((line) => line.trim().slice(2, -2))
    .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')));
}

const packages = workspaceDirs().map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
const summaryDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
const env = { ...process.env, GATEHOUSE_TEST_SUMMARY_DIR: summaryDir };

const run = (command, args) => spawnSync(command, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;
const turboStatus = run(bin('turbo'), ['run', 'build', 'lint', 'typecheck', 'test', '--concurrency=2', '--continue=dependencies-successful']);
const sources = packages.map((p) => join(p.dir, 'src')).filter((dir) => existsSync(dir));
const madgeStatus = run(bin('madge'), ['--circular', '--extensions', 'ts', ...sources.map((dir) => dir.slice(root.length + 1))]);

const summaries = new Map(
  readdirSync(summaryDir).map((file) => {
    const summary = JSON.parse(readFileSync(join(summaryDir, file), 'utf8'));
    return [summary.package, summary];
  }),
);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const { manifest } of packages.filter((p) => p.manifest.scripts?.test !== undefined)) {
  const s = summaries.get(manifest.name);
  if (s === undefined) {
    totals.failed += 1;
    lines.push(`  ${manifest.name.padEnd(28)} no result: its tests did not run or did not finish (counted as 1 failed)`);
    continue;
  }
  totals.passed += s.passed;
  totals.failed += s.failed + s.brokenFiles;
  totals.skipped += s.skipped;
  const broken = s.brokenFiles > 0 ? ` (${s.brokenFiles} test files failed to run, counted as failed)` : '';
  lines.push(`  ${manifest.name.padEnd(28)} ${s.passed} passed, ${s.failed + s.brokenFiles} failed, ${s.skipped} skipped${broken}`);
}
rmSync(summaryDir, { recursive: true, force: true });

process.stdout.write('\nJest runs by package:\n');
process.stdout.write(`${lines.join('\n')}\n`);
if (turboStatus !== 0) process.stdout.write('turbo: a build, lint, typecheck or test task failed (see its output above)\n');
if (madgeStatus !== 0) process.stdout.write('madge: circular imports found (see above)\n');
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = turboStatus !== 0 || madgeStatus !== 0 || totals.failed > 0 ? 1 : 0;

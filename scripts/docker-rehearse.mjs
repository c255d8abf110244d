#!/usr/bin/env node
// Rehearses the Dockerfile without a Docker engine: clones the repository (committed state only)
// into a scratch directory, runs the `build` stage's workspace steps there exactly as written
// (`pnpm` resolved to pnpm <PNPM_VERSION> through npx), then lays out each app target the way its
// COPY lines do and smoke-runs it: --help/--version, native addons load, devDependencies absent,
// and the program starts and answers its health check. What it cannot do — pull base images, run
// apt-get as in the image, build for another libc — is printed at the end.
//
//   node scripts/docker-rehearse.mjs [--keep]      (pnpm docker:rehearse)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-docker-'));
const repo = join(scratch, 'repo');
const log = (line) => process.stdout.write(`docker-rehearse: ${line}\n`);
const notRun = [];

/** The Dockerfile as stages: name → { from, lines: [{ op, args }] }, with ARG defaults. */
function parseDockerfile(text) {
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const args = {};
  const stages = new Map();
  let current;
  for (const line of joined) {
    const [op, ...rest] = line.split(/\s+/);
    const argText = rest.join(' ');
    if (op === 'ARG') {
      const [name, value] = argText.split('=');
      if (value !== undefined) args[name] = value;
      if (current) current.lines.push({ op, args: argText });
    } else if (op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argText);
      current = { from: m[1].replace(/\$\{(\w+)\}/g, (_, n) => args[n] ?? ''), lines: [] };
      stages.set(m[2] ?? `stage${stages.size}`, current);
    } else current.lines.push({ op, args: argText });
  }
  return { args, stages };
}

function run(command, args, opts = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...opts });
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node args` in `cwd`, waits until `url` answers 200, then stops it. */
async function smokeStart(name, cwd, args, env, url) {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
      const ok = await fetch(url).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${name} did not answer ${url} within 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    log(`${name}: started and answered ${url}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
}

async function main() {
  const { args, stages } = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const pnpmVersion = args.PNPM_VERSION;
  log(`scratch ${scratch}; base image ${stages.get('build').from} (not pulled: this Node is ${process.version})`);
  run('git', ['clone', '--quiet', '--no-hardlinks', root, repo]);

  // pnpm as the image has it (npm install -g pnpm@<version>), without touching this machine's.
  const bin = join(scratch, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\nexec npx --yes pnpm@${pnpmVersion} "$@"\n`);
  chmodSync(join(bin, 'pnpm'), 0o755);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CI: 'true', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

  // The build stage: steps before WORKDIR set up the image's system; those after it are the build.
  let inWorkdir = false;
  for (const { op, args: text } of stages.get('build').lines) {
    if (op === 'WORKDIR') inWorkdir = true;
    else if (op === 'RUN' && !inWorkdir) notRun.push(`build stage system step: RUN ${text}`);
    else if (op === 'RUN') {
      log(`RUN ${text}`);
      run('sh', ['-c', text], { cwd: repo, env });
    } else if (op === 'COPY') log(`COPY ${text} (the clone already holds the files)`);
  }

  // Each app target: its COPY lines into an /app of its own, then smoke runs.
  const images = join(scratch, 'images');
  for (const [name, stage] of stages) {
    if (stage.from !== 'runtime') continue;
    const app = join(images, name);
    mkdirSync(app, { recursive: true });
    let cmd;
    for (const { op, args: text } of stage.lines) {
      if (op === 'COPY') {
        const parts = text.split(/\s+/).filter((p) => !p.startsWith('--chown'));
        const fromBuild = parts[0].startsWith('--from=build');
        const [src, dest] = fromBuild ? [parts[1], parts[2]] : [parts[0], parts[1]];
        const source = fromBuild ? join(repo, src.replace(/^\/repo\//, '')) : join(repo, src);
        if (!existsSync(source)) throw new Error(`${name}: COPY source ${src} does not exist after the build`);
        cpSync(source, join(app, dest.replace(/^\/app\/?/, '')), { recursive: true, dereference: false, verbatimSymlinks: true });
      } else if (op === 'CMD') cmd = JSON.parse(text);
    }
    const script = join(app, cmd[1]);
    for (const flag of ['--help', '--version']) {
      const out = execFileSync(process.execPath, [script, flag], { cwd: app, encoding: 'utf8' });
      log(`${name}: ${cmd.slice(1).join(' ')} ${flag} → ${out.split('\n')[0]}`);
    }
    for (const dev of ['typescript', 'jest', '@gatehouse/eslint-config', '@gatehouse/test-support']) {
      if (existsSync(join(app, 'node_modules', dev))) throw new Error(`${name}: devDependency ${dev} is in the image`);
    }
    await smokeTarget(name, app);
  }
  log(`images laid out under ${images}`);
}

async function smokeTarget(name, app) {
  const port = await freePort();
  if (name === 'auth') {
    execFileSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: app });
    log('auth: better-sqlite3 native addon loads');
    await smokeStart('auth', app, ['dist/main.js'], { AUTH_PORT: String(port), AUTH_SQLITE_PATH: join(app, 'data', 'auth.sqlite'), NODE_ENV: 'production' }, `http://127.0.0.1:${port}/v1/health`);
  } else if (name === 'registry-agent') {
    const registry = join(app, 'node_modules', '@gatehouse', 'registry');
    execFileSync(process.execPath, ['-e', "require.resolve('consul')"], { cwd: registry });
    log('registry-agent: the consul client resolves from @gatehouse/registry');
    await smokeStart('registry-agent', app, ['node_modules/@gatehouse/registry/dist/agent/main.js', '--port', String(port)], {}, `http://127.0.0.1:${port}/v1/health`);
  } else if (name === 'stats-worker') {
    await smokeStart('stats-worker', app, ['dist/main.js'], { STATS_WORKER_PORT: String(port), STATS_REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, `http://127.0.0.1:${port}/health`);
  } else if (name === 'gateway') {
    const data = join(app, 'data');
    execFileSync(process.execPath, ['compose-seed/seed-gateway-data.mjs', data], { cwd: app, env: { ...process.env, GATEWAY_HTTP_PORT: String(await freePort()), REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } });
    log('gateway: compose-seed wrote the data directory');
    await smokeStart('gateway', app, ['dist/main.js'], { GATEWAY_DATA_DIR: data, GATEWAY_ADMIN_PORT: String(port), GATEWAY_ADMIN_API_KEY_FILE: join(data, 'admin-api-key') }, `http://127.0.0.1:${port}/health/v1/check`);
  }
}

main().then(
  () => {
    notRun.push('base images (node, redis, postgres, consul) were not pulled; the local Node and glibc stand in for node:*-bookworm-slim');
    notRun.push('no container was started: users, ports, volumes, healthchecks and depends_on order are checked by tools/repo-checks, not run');
    log('not run here:');
    for (const line of notRun) log(`  - ${line}`);
    log('OK');
    if (!keep) rmSync(scratch, { recursive: true, force: true });
  },
  (err) => {
    log(`FAILED: ${err.message}`);
    log(`scratch kept at ${scratch}`);
    process.exitCode = 1;
  },
);

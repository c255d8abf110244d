// The Dockerfile lints clean with dockerfile-utils (the Docker language service's checker), and
// keeps the build the README describes: frozen lockfile, turbo build, one pnpm deploy per target.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRepoFile, ROOT } from './repo';

const LINT = join(__dirname, '..', 'node_modules', '.bin', 'dockerfile-utils');

function lint(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(LINT, ['lint', file], { cwd: ROOT, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, output: stdout + stderr }),
    );
  });
}

const dockerfile = readRepoFile('Dockerfile');

describe('Dockerfile', () => {
  it('lints without a problem', async () => {
    expect(await lint('Dockerfile')).toEqual({ code: 0, output: '' });
  });

  it('is really linted: a broken instruction is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-dockerfile-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace('EXPOSE 8081', 'EXPOSE 8081/udpp'));
      const run = await lint(join(dir, 'Dockerfile'));
      expect(run.output).toMatch(/protocol|udpp/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('installs from the frozen lockfile, builds with turbo and deploys each app target', () => {
    expect(dockerfile).toMatch(/^RUN pnpm install --frozen-lockfile --offline$/m);
    expect(dockerfile).toMatch(/^RUN pnpm turbo run build /m);
    const targets = [...dockerfile.matchAll(/^FROM runtime AS (\S+)$/gm)].map((m) => m[1]!);
    expect(targets.sort()).toEqual(['auth', 'gateway', 'registry-agent', 'stats-worker']);
    for (const t of targets) {
      expect(dockerfile).toContain(`--prod deploy --legacy out/${t}`);
      expect(dockerfile).toContain(`COPY --from=build --chown=node:node /repo/out/${t} /app`);
    }
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

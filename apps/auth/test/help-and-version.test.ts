// The service and create-user answer --help and --version by printing only: no listener on
// :8081, no ./data/auth.sqlite.
import { join } from 'node:path';
import { runEntryPoint } from '@gatehouse/test-support';

const dist = join(__dirname, '..', 'dist');
const PROGRAMS: Array<[script: string, name: string]> = [
  ['main.js', 'gatehouse-auth'],
  ['create-user.js', 'gatehouse-auth-create-user'],
];
const env = { AUTH_PORT: '0', DATABASE_URL: '', AUTH_SQLITE_PATH: '' };

describe.each(PROGRAMS)('%s', (script, name) => {
  it('--help prints its usage, starts nothing and writes nothing', async () => {
    const run = await runEntryPoint(join(dist, script), ['--help'], env);
    expect(run).toMatchObject({ code: 0, stderr: '', created: [] });
    expect(run.stdout).toMatch(/^Usage: /);
  });

  it('--version prints its name and version', async () => {
    const run = await runEntryPoint(join(dist, script), ['-V'], env);
    expect(run).toMatchObject({ code: 0, stdout: `${name} 0.1.0\n`, created: [] });
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const run = await runEntryPoint(join(dist, script), ['--port', '1'], env);
    expect(run).toMatchObject({ code: 2, stdout: '', created: [] });
    expect(run.stderr).toContain(`${name} --help`);
  });
});

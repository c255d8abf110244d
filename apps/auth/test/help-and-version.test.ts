// The service and create-user answer --help and --version by printing only: no listener on
// :8081, no ./data/auth.sqlite.
import { join } from 'node:path';
import { describeInfoFlags, runEntryPoint } from '@gatehouse/test-support';

const dist = join(__dirname, '..', 'dist');
const PROGRAMS: Array<[script: string, name: string]> = [
  ['main.js', 'gatehouse-auth'],
  ['create-user.js', 'gatehouse-auth-create-user'],
];
const env = { AUTH_PORT: '0', DATABASE_URL: '', AUTH_SQLITE_PATH: '' };

describeInfoFlags(dist, '0.1.0', PROGRAMS, env);

describe.each(PROGRAMS)('%s', (script, name) => {
  it('an unknown flag is a usage error (exit 2)', async () => {
    const run = await runEntryPoint(join(dist, script), ['--port', '1'], env);
    expect(run).toMatchObject({ code: 2, stdout: '', created: [] });
    expect(run.stderr).toContain(`${name} --help`);
  });
});

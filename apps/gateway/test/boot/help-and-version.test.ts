// Every program of the package answers --help and --version by printing, and does nothing else:
// it exits on its own (no server started) and creates no file (no ./data, no demo directory).
import { join } from 'node:path';
import { describeInfoFlags, runEntryPoint } from '@gatehouse/test-support';

const dist = join(__dirname, '..', '..', 'dist');
const PROGRAMS: Array<[script: string, name: string]> = [
  ['main.js', 'gatehouse-gateway'],
  ['demo/run-demo.js', 'gatehouse-demo'],
  ['bench/gateway-bench.js', 'gatehouse-gateway-bench'],
  ['bench/token-bench.js', 'gatehouse-token-bench'],
  ['bench/cross-pipeline-bench.js', 'gatehouse-hop-bench'],
  ['bench/balancer-bench.js', 'gatehouse-balancer-bench'],
];
// Where a start would listen and write, were --help ignored.
const env = { GATEWAY_ADMIN_PORT: '0', DEMO_GATEWAY_PORT: '0', DEMO_BACKEND_PORT: '0', DEMO_AUTH_PORT: '0', GATEWAY_DATA_DIR: '' };

describeInfoFlags(dist, '0.1.0', PROGRAMS, env);

describe.each(PROGRAMS)('%s', (script, name) => {
  it('an unknown flag is a usage error (exit 2) that points at --help', async () => {
    const run = await runEntryPoint(join(dist, script), ['--no-such-flag'], env);
    expect(run).toMatchObject({ code: 2, stdout: '', created: [] });
    expect(run.stderr).toContain(`${name} --help`);
  });
});

describe('the gatehouse CLI', () => {
  it('--help and --version print without contacting a server', async () => {
    const help = await runEntryPoint(join(dist, 'cli', 'main.js'), ['--help'], { GATEHOUSE_SERVER: 'http://127.0.0.1:1' });
    expect(help).toMatchObject({ code: 0, created: [] });
    expect(help.stdout).toMatch(/^Usage: gatehouse /);
    const version = await runEntryPoint(join(dist, 'cli', 'main.js'), ['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n', created: [] });
  });
});

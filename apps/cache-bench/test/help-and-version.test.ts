// The package's programs answer --help and --version by printing only: they exit on their own
// (nothing started) and create no file.
import { join } from 'node:path';
import { runEntryPoint } from '@gatehouse/test-support';

const dist = join(__dirname, '..', 'dist');
const PROGRAMS: Array<[script: string, name: string]> = [
  ['bench.js', 'gatehouse-cache-bench'],
  ['render-cost.js', 'gatehouse-render-cost'],
];

describe.each(PROGRAMS)('%s', (script, name) => {
  it('--help prints its usage, starts nothing and writes nothing', async () => {
    const run = await runEntryPoint(join(dist, script), ['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '', created: [] });
    expect(run.stdout).toMatch(/^Usage: /);
  });

  it('--version prints its name and version', async () => {
    const run = await runEntryPoint(join(dist, script), ['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${name} 0.1.0\n`, created: [] });
  });
});

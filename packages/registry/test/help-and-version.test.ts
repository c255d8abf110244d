// The package's programs answer --help and --version by printing only: they exit on their own
// (nothing started) and create no file.
import { join } from 'node:path';
import { describeInfoFlags, runEntryPoint } from '@gatehouse/test-support';
import { CONFIG_SOURCES } from '../src/agent/config';

const dist = join(__dirname, '..', 'dist');

describeInfoFlags(dist, '0.1.0', [
  ['agent/main.js', 'gatehouse-registry-agent'],
  ['bench/agent-discover-bench.js', 'gatehouse-agent-bench'],
]);

it("the agent's --help names every flag and the variable it falls back to", async () => {
  const run = await runEntryPoint(join(dist, 'agent', 'main.js'), ['--help']);
  const missing = Object.values(CONFIG_SOURCES)
    .flat()
    .filter((name) => !run.stdout.includes(name));
  expect(missing).toEqual([]);
});

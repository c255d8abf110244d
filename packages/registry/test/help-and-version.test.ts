// The package's programs answer --help and --version by printing only: they exit on their own
// (nothing started) and create no file.
import { join } from 'node:path';
import { describeInfoFlags } from '@gatehouse/test-support';

describeInfoFlags(join(__dirname, '..', 'dist'), '0.1.0', [
  ['agent/main.js', 'gatehouse-registry-agent'],
  ['bench/agent-discover-bench.js', 'gatehouse-agent-bench'],
]);

// Jest globalSetup (wired in jest.base.cjs): probes the services once per run and leaves the
// answer in the environment the test workers inherit, so test files can choose, synchronously
// and at load time, between running, skipping and failing a block (see describe.ts).
import { probeServices } from './probe';
import { requiredServices } from './services';

/** Environment variable carrying the services found up, comma-separated. */
export const SERVICES_UP_ENV = 'GATEHOUSE_TEST_SERVICES_UP';

export default async function globalSetup(): Promise<void> {
  requiredServices(); // a misspelt REQUIRE_SERVICES stops the run here, before any test
  process.env[SERVICES_UP_ENV] = (await probeServices()).join(',');
}

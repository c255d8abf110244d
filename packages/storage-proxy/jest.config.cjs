// Probe Redis/PostgreSQL/MariaDB once per run (test/global-setup.ts) so suites can skip, or fail
// under REQUIRE_SERVICES=1, before any test connects.
module.exports = require('../../jest.base.cjs')(__dirname, {
  globalSetup: '<rootDir>/test/global-setup.ts',
});

module.exports = require('../../jest.base.cjs')(__dirname, {
  globalSetup: '<rootDir>/test/global-setup.ts',
  // The suites start real servers and databases; two workers keep the shared 2-core machine usable.
  maxWorkers: 2,
});

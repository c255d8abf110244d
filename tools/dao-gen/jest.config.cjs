module.exports = require('../../jest.base.cjs')(__dirname, {
  // Generated projects live under .tmp/ while a test runs; never collect them as tests.
  testPathIgnorePatterns: ['/node_modules/', '/.tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
});

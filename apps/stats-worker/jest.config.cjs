module.exports = require('../../jest.base.cjs')(__dirname, {
  // The suites start real servers and databases; two workers keep the shared 2-core machine usable.
  maxWorkers: 2,
});

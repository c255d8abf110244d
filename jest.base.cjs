// Shared Jest settings: TypeScript through SWC (fast on 2 cores), decorators for the Nest apps.
/** @param {string} dir the package directory */
module.exports = function jestConfig(dir, overrides = {}) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            keepClassNames: true,
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testTimeout: 30000,
    // A client library's reconnect timer left behind must not hold a CI run open after the last
    // test has reported (seen once with ioredis); every suite still closes what it opens.
    forceExit: true,
    ...overrides,
  };
};

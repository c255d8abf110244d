// Shared Jest settings: TypeScript through SWC (fast on 2 cores), decorators for the Nest apps,
// one probe of the real services per run, and a summary the root test command totals.
// No forceExit: a suite that leaves a handle open must be fixed (`npx jest --detectOpenHandles`).
/** @param {string} dir the package directory (it must list @gatehouse/test-support in devDependencies) */
module.exports = function jestConfig(dir, overrides = {}) {
  const support = (name) => require.resolve(`@gatehouse/test-support/${name}`, { paths: [dir] });
  return {
    rootDir: dir,
    globalSetup: support('global-setup'),
    reporters: ['default', support('summary-reporter')],
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
    ...overrides,
  };
};

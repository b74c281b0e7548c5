import type { Config } from 'jest';

// msw 2 pulls in a few ESM-only packages; ts-jest transpiles them to CommonJS for Jest.
const esmOnlyPackages = ['rettime', '@open-draft/deferred-promise', 'until-async'];

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/__tests__/helpers/clean-consul-env.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '^.+\\.m?js$': 'ts-jest',
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  testTimeout: 10_000,
  // Jest's default leaves a core to its parent process, which on a 2-core machine means one
  // worker running every file in turn. The parent does next to nothing here: use every core.
  maxWorkers: '100%',
};

export default config;

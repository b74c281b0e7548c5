import type { Config } from 'jest';

// msw 2 pulls in a few ESM-only packages; ts-jest transpiles them to CommonJS for Jest.
const esmOnlyPackages = ['rettime', '@open-draft/deferred-promise', 'until-async'];

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    '^.+\\.m?js$': ['ts-jest', { isolatedModules: true }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  testTimeout: 10_000,
};

export default config;

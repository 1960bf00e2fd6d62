// jest runs TypeScript through swc (no type checking here; `npm run typecheck` does that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Suites start real servers (PostgreSQL, Temporal); give them room on a loaded 2-core machine.
  testTimeout: 60_000,
  // One development PKI and its CRL/OCSP stand-in for the whole run.
  globalSetup: '<rootDir>/tests/global-setup.ts',
  globalTeardown: '<rootDir>/tests/global-teardown.ts',
  // Every JSON answer of a test system is checked against the document (tests/helpers/response-contract.ts).
  setupFilesAfterEnv: ['<rootDir>/tests/setup-response-contract.ts'],
  // Each suite owns its servers (PostgreSQL, Temporal, LibreOffice); on 2 cores, suites run one
  // at a time are about as fast overall and keep timer-sensitive suites steady.
  maxWorkers: 1,
};

// Test setup for the server specs: the sandbox through its public package name, as an app's
// tests reach it (the lint rule bans importing it by path). Build it first:
// `pnpm --filter @nobs-pay/sandbox build`.
export { startSandbox, type Sandbox } from '@nobs-pay/sandbox';

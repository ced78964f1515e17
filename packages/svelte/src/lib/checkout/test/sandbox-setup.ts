// Vitest globalSetup for the browser project: starts one @nobs-pay/sandbox (an offline Stripe
// API and Stripe.js stand-in) in Node and hands its address and keys to the browser tests.
import type { TestProject } from 'vitest/node';

export interface ProvidedSandbox {
	url: string;
	secretKey: string;
	publishableKey: string;
	stripeJsUrl: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		/** `null` with `sandboxError` set when the sandbox could not start. */
		sandbox: ProvidedSandbox | null;
		sandboxError: string;
	}
}

/** The part of @nobs-pay/sandbox used here, typed locally so type checks pass before it is built. */
interface SandboxModule {
	startSandbox(options: { port: number }): Promise<ProvidedSandbox & { stop(): Promise<void> }>;
}

export default async function setup(project: TestProject) {
	// Imported lazily and never fatal here, so browser tests that do not need the sandbox still run;
	// the checkout tests fail loudly with this message instead.
	try {
		// A variable specifier keeps Vite from resolving the import ahead of time, where a missing
		// build would be an uncaught error for every browser test.
		const specifier = '@nobs-pay/sandbox';
		const { startSandbox }: SandboxModule = await import(/* @vite-ignore */ specifier);
		const sandbox = await startSandbox({ port: 0 });
		const { url, secretKey, publishableKey, stripeJsUrl } = sandbox;
		project.provide('sandbox', { url, secretKey, publishableKey, stripeJsUrl });
		project.provide('sandboxError', '');
		return () => sandbox.stop();
	} catch (error) {
		project.provide('sandbox', null);
		project.provide(
			'sandboxError',
			`@nobs-pay/sandbox did not start (build it with \`pnpm --filter @nobs-pay/sandbox build\`): ${String(error)}`
		);
	}
}

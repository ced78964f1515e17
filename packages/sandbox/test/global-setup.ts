import type { TestProject } from 'vitest/node';
import { startSandbox } from '../src/index.js';

declare module 'vitest' {
	export interface ProvidedContext {
		sandbox: { url: string; secretKey: string; publishableKey: string; stripeJsUrl: string };
	}
}

/** Starts one sandbox for the browser project and hands its address to the tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const sandbox = await startSandbox({ port: 0 });
	project.provide('sandbox', {
		url: sandbox.url,
		secretKey: sandbox.secretKey,
		publishableKey: sandbox.publishableKey,
		stripeJsUrl: sandbox.stripeJsUrl
	});
	return () => sandbox.stop();
}

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchOptions } from '../../../scripts/browser.mjs';
import { startSandbox, type Sandbox } from '../src/index.js';
import { routeStripeJs } from '../src/playwright.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('CLI', () => {
	test('prints the .env lines an app needs with --env, and they reach the sandbox', async () => {
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				'src/cli.ts',
				'--port',
				'0',
				'--env',
				'--webhook-url',
				'http://127.0.0.1:9/hook',
				'--webhook-secret',
				'whsec_env'
			],
			{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
		);
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		const lines: string[] = [];
		const reader = createInterface({ input: child.stdout });
		await new Promise<void>((resolve) =>
			reader.on('line', (line) => {
				lines.push(line);
				if (line.startsWith('PUBLIC_STRIPE_JS_URL=')) resolve();
			})
		);
		const env = Object.fromEntries(
			lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
		);
		expect(env.STRIPE_SECRET_KEY).toMatch(/^sk_test_/);
		expect(env.PUBLIC_STRIPE_PUBLISHABLE_KEY).toMatch(/^pk_test_/);
		expect(env.STRIPE_WEBHOOK_SECRET).toBe('whsec_env');
		expect(env.PUBLIC_STRIPE_JS_URL).toBe(`${env.STRIPE_API_BASE}/v3/stripe.js`);
		const health = await fetch(`${env.STRIPE_API_BASE}/_sandbox/health`, {
			headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}` }
		});
		expect(health.status).toBe(200);
		expect((await fetch(env.PUBLIC_STRIPE_JS_URL!)).status).toBe(200);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	test('prints one JSON line when ready, serves the API, and exits cleanly on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				'src/cli.ts',
				'--port',
				'0',
				'--webhook-url',
				'http://127.0.0.1:9/hook',
				'--webhook-secret',
				'whsec_cli'
			],
			{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
		);
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		const line = await new Promise<string>((resolve) =>
			createInterface({ input: child.stdout }).once('line', resolve)
		);
		const ready = JSON.parse(line) as {
			url: string;
			secretKey: string;
			publishableKey: string;
			stripeJsUrl: string;
			stripeConfig: { port: number };
		};
		expect(ready.secretKey).toMatch(/^sk_test_/);
		expect(ready.publishableKey).toMatch(/^pk_test_/);
		expect(ready.stripeJsUrl).toBe(`${ready.url}/v3/stripe.js`);
		const health = await fetch(`${ready.url}/_sandbox/health`, {
			headers: { authorization: `Bearer ${ready.secretKey}` }
		});
		expect(health.status).toBe(200);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	test('refuses a webhook URL without its secret', async () => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', 'src/cli.ts', '--webhook-url', 'http://127.0.0.1:9/hook'],
			{ cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }
		);
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect(code).toBe(2);
		expect(stderr).toContain('one --webhook-secret per --webhook-url');
	});
});

describe('routeStripeJs', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.stop();
	});

	test('answers https://js.stripe.com/v3 with the stand-in, which then takes a payment', async () => {
		const browser = await chromium.launch(launchOptions);
		try {
			const page = await browser.newPage();
			await routeStripeJs(page, { sandboxUrl: sandbox.url });
			await page.goto(`${sandbox.url}/`);
			await page.addScriptTag({ url: 'https://js.stripe.com/v3/' });
			await page.evaluate(async (pk) => {
				const host = document.createElement('div');
				host.id = 'payment';
				document.body.append(host);
				const stripe = (
					window as unknown as {
						Stripe: (key: string) => {
							elements: (o: object) => {
								create: (t: string) => {
									mount: (s: string) => void;
									on: (e: string, h: () => void) => void;
								};
							};
						};
					}
				).Stripe(pk);
				const elements = stripe.elements({ mode: 'payment', amount: 1000, currency: 'usd' });
				const element = elements.create('payment');
				await new Promise<void>((resolve) => {
					element.on('ready', resolve);
					element.mount('#payment');
				});
				Object.assign(window, { __checkout: { stripe, elements } });
			}, sandbox.publishableKey);
			const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
			await frame.getByLabel('Card number').fill('4242424242424242');
			await frame.getByLabel('Expiration date').fill('1234');
			await frame.getByLabel('Security code').fill('123');
			const status = await page.evaluate(
				async ({ url, sk }) => {
					type Flow = {
						stripe: {
							confirmPayment: (o: object) => Promise<{ paymentIntent?: { status: string } }>;
						};
						elements: { submit: () => Promise<object> };
					};
					const { stripe, elements } = (window as unknown as { __checkout: Flow }).__checkout;
					await elements.submit();
					const response = await fetch(`${url}/v1/payment_intents`, {
						method: 'POST',
						headers: { authorization: `Bearer ${sk}` },
						body: new URLSearchParams({ amount: '1000', currency: 'usd' })
					});
					const intent = (await response.json()) as { client_secret: string };
					const result = await stripe.confirmPayment({
						elements,
						clientSecret: intent.client_secret,
						redirect: 'if_required'
					});
					return result.paymentIntent?.status;
				},
				{ url: sandbox.url, sk: sandbox.secretKey }
			);
			expect(status).toBe('succeeded');
		} finally {
			await browser.close();
		}
	});
});

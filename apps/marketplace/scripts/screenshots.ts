// Screenshots of the pages a shopper meets, at a phone's and a laptop's width, light and dark,
// for a person to look at before a UI change lands. Starts its own app and sandbox (the e2e stack,
// shifted by E2E_PORT_OFFSET), so build first: `pnpm --filter marketplace build`.
// Usage: pnpm --filter marketplace exec tsx scripts/screenshots.ts [output folder]
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { SANDBOX_SECRET_KEY, WEBHOOK_SECRET, appOrigin, stacks } from '../e2e/support/env';

// The repository's shared Chromium options (plain JS without types, hence the cast).
const browserModule: string = '../../../scripts/browser.mjs';
const { launchOptions } = (await import(browserModule)) as { launchOptions: LaunchOptions };

const output = resolve(process.argv[2] ?? 'screenshots');
const stack = stacks.pglite;
const origin = appOrigin(stack);
const WIDTHS = [
	{ width: 390, height: 844 },
	{ width: 1280, height: 900 }
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Polls until `check` is true: the machine may be busy, so no fixed sleep decides anything. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await new Promise((done) => setTimeout(done, 250));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

/** A paid order made through the public API, as in the e2e tests; returns its page's path. */
async function paidOrder(): Promise<string> {
	const response = await fetch(`${origin}/api/checkout`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			items: [{ sku: 'bundle-professional', quantity: 1 }],
			email: 'buyer@example.com'
		})
	});
	const order = (await response.json()) as { orderUrl: string; clientSecret: string };
	const stripe = new Stripe(SANDBOX_SECRET_KEY, {
		host: '127.0.0.1',
		port: stack.sandboxPort,
		protocol: 'http'
	});
	await stripe.paymentIntents.confirm(order.clientSecret.split('_secret_')[0] ?? '', {
		payment_method: 'pm_card_visa'
	});
	await until('the order to be fulfilled', async () =>
		(await (await fetch(`${origin}${order.orderUrl}`)).text()).includes('downloads are ready')
	);
	return order.orderUrl;
}

async function hydrated(page: Page, path: string) {
	await page.goto(`${origin}${path}`);
	await page.locator('[data-slot="cart"][data-hydrated]').waitFor({ state: 'attached' });
}

async function shoot(browser: Browser, orderUrl: string) {
	for (const viewport of WIDTHS) {
		for (const colorScheme of SCHEMES) {
			const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
			const page = await context.newPage();
			const save = (name: string, fullPage = true) =>
				page.screenshot({
					path: `${output}/${name}-${viewport.width}-${colorScheme}.png`,
					fullPage
				});

			await hydrated(page, '/');
			await save('home');

			await hydrated(page, '/products/bundle-professional');
			await save('product');

			// Three Professional bundles: a $1,497.00 line, the widest total the drawer shows.
			const add = page.getByRole('button', { name: 'Add to cart: Professional bundle' });
			for (let i = 1; i <= 3; i++) {
				await add.click();
				await page.getByRole('button', { name: new RegExp(`Cart, ${i} items?`) }).waitFor();
			}
			await page.getByRole('button', { name: /^Cart/ }).click();
			await page.getByRole('dialog', { name: 'Your cart' }).waitFor();
			await save('cart', false);
			await page.getByRole('button', { name: 'Close cart' }).click();

			await hydrated(page, '/checkout');
			const card = page
				.frameLocator('iframe[title="Secure payment input frame"]')
				.getByLabel('Card number');
			await card.waitFor();
			await page.getByRole('button', { name: /^Pay \$/ }).click();
			await page.getByText('Enter your email address for the receipt.').waitFor();
			await save('checkout-errors');

			await hydrated(page, orderUrl);
			await page.getByTestId('license-key').waitFor();
			await save('order');

			await hydrated(page, '/terms');
			await save('terms');
			await context.close();
		}
	}
}

await mkdir(output, { recursive: true });
const server = spawn(process.execPath, ['scripts/e2e-server.mjs', stack.driver], {
	stdio: ['ignore', 'ignore', 'inherit'],
	env: {
		...process.env,
		PORT: String(stack.appPort),
		SANDBOX_PORT: String(stack.sandboxPort),
		ORIGIN: origin,
		SANDBOX_SECRET_KEY,
		STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET
	}
});
const stopped = new Promise((done) => server.once('exit', done));
try {
	await until(`the app at ${origin}`, async () => (await fetch(origin)).ok);
	const browser = await chromium.launch(launchOptions);
	try {
		await shoot(browser, await paidOrder());
	} finally {
		await browser.close();
	}
	console.log(`Screenshots in ${output}`);
} finally {
	server.kill('SIGTERM');
	await stopped;
}

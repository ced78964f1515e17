// JavaScript each page makes the browser download, gzipped at level 9 by us: the app serves
// precompressed files (adapter-node's .br and .gz), and gzipping the decoded bodies ourselves keeps
// the figure independent of the encoding the browser negotiated. Loaded in headless Chromium so
// lazily imported chunks and scripts added at run time are counted too.
import { gzipSync } from 'node:zlib';
import { chromium, type Response } from '@playwright/test';
// @ts-expect-error -- a plain .mjs shared with the Vitest and Playwright configs, without types.
import { launchOptions } from '../../../scripts/browser.mjs';

export interface JavaScriptBenchOptions {
	appUrl: string;
	/** The Stripe.js the app is configured with (the sandbox's stand-in here). */
	stripeJsUrl: string;
}

const pages = ['/', '/products/bundle-professional', '/search?q=cart', '/checkout'] as const;

/** Issue 12's target for the product page, in gzip bytes (58.8 kB before the work on pages). */
export const PRODUCT_PAGE_GZIP_TARGET = 45_000;
export const PRODUCT_PAGE = '/products/bundle-professional';

/**
 * What the page targets say of a run: the product page within its bytes, and Stripe.js loaded on
 * `/checkout` and nowhere else. Empty when they hold.
 */
export function javaScriptMisses(rows: Awaited<ReturnType<typeof benchJavaScript>>): string[] {
	const misses = [];
	const product = rows.find((row) => row.path === PRODUCT_PAGE);
	if (!product || product.gzip > PRODUCT_PAGE_GZIP_TARGET) misses.push('product page JavaScript');
	if (!stripeJsOnlyOnCheckout(rows)) misses.push('Stripe.js on /checkout only');
	return misses;
}

/** Stripe.js was requested on `/checkout` and on no other page. */
export const stripeJsOnlyOnCheckout = (rows: Awaited<ReturnType<typeof benchJavaScript>>) =>
	rows.every((row) => row.stripeJsRequested === (row.path === '/checkout'));

/** Stripe.js is the configured URL or Stripe's own, whichever the app was pointed at. */
const isStripeJs = (url: string, stripeJsUrl: string) =>
	url.split('?')[0] === stripeJsUrl || new URL(url).hostname === 'js.stripe.com';

export async function benchJavaScript({ appUrl, stripeJsUrl }: JavaScriptBenchOptions) {
	const browser = await chromium.launch(launchOptions);
	try {
		const rows = [];
		for (const path of pages) {
			// A fresh context per page: nothing cached from the previous page is left out of the count.
			const context = await browser.newContext();
			const page = await context.newPage();
			const scripts: Response[] = [];
			let stripeJsRequested = false;
			page.on('request', (request) => {
				if (isStripeJs(request.url(), stripeJsUrl)) stripeJsRequested = true;
			});
			page.on('response', (response) => {
				if (response.request().resourceType() === 'script') scripts.push(response);
			});
			const response = await page.goto(appUrl + path, { waitUntil: 'networkidle' });
			if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);

			const sizes: { file: string; raw: number; gzip: number }[] = [];
			// Each URL once; Stripe.js is left out: it is Stripe's (or the sandbox's), not the store's bundle.
			const own = [...new Map(scripts.map((script) => [script.url(), script])).values()].filter(
				(script) => !isStripeJs(script.url(), stripeJsUrl)
			);
			for (const script of own) {
				const body = await script.body();
				const file = new URL(script.url()).pathname.split('/').pop() ?? script.url();
				sizes.push({ file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
			}
			rows.push({
				path,
				scripts: sizes.length,
				raw: sizes.reduce((sum, size) => sum + size.raw, 0),
				gzip: sizes.reduce((sum, size) => sum + size.gzip, 0),
				largest: sizes.sort((a, b) => b.gzip - a.gzip).slice(0, 5),
				stripeJsRequested
			});
			await context.close();
		}
		return rows;
	} finally {
		await browser.close();
	}
}

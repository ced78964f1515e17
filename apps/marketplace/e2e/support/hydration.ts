import { expect, type Page } from '@playwright/test';

/** The cart marks itself `data-hydrated` in its first effect: the page's scripts have run. */
export const hydrationMark = (page: Page) => page.locator('[data-slot="cart"][data-hydrated]');

/**
 * Opens `url` with the app's scripts held back, runs `fill` on the server-rendered page, then lets
 * the scripts through and waits for hydration: what a fast user on a slow connection or a loaded
 * phone does. Whatever `fill` typed or chose must still be there afterwards.
 */
export async function fillBeforeHydration(
	page: Page,
	url: string,
	fill: () => Promise<void>
): Promise<void> {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	const script = (address: URL) =>
		address.pathname.startsWith('/_app/immutable/') && address.pathname.endsWith('.js');
	await page.route(script, async (route) => {
		await released;
		await route.continue();
	});
	try {
		await page.goto(url, { waitUntil: 'commit' });
		await fill();
		// Proof that `fill` ran on the server's HTML: nothing has hydrated yet.
		await expect(hydrationMark(page)).toHaveCount(0);
	} finally {
		release();
	}
	await expect(hydrationMark(page)).toBeAttached();
	await page.unroute(script);
}

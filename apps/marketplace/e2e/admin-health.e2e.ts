import type { Page } from '@playwright/test';
import { z } from 'zod';
import { signIn } from './support/accounts';
import { ADMIN_API_TOKEN, ADMIN_EMAIL } from './support/env';
import { buyWithApi, expect, test } from './support/fixtures';
import { hydrationMark } from './support/hydration';
import { expectNoViolations } from './support/pages';

/** The app inherits REDIS_URL from the run (CI sets it): Redis is then checked too. */
const CHECKS = process.env.REDIS_URL
	? ['database', 'stripe', 'redis', 'outbox', 'webhooks']
	: ['database', 'stripe', 'outbox', 'webhooks'];

const publicSchema = z.strictObject({
	ok: z.boolean(),
	checkedAt: z.iso.datetime(),
	checks: z.array(z.strictObject({ name: z.string(), ok: z.boolean() }))
});
const fullSchema = z.object({
	ok: z.boolean(),
	checkedAt: z.iso.datetime(),
	checks: z.array(
		z.object({
			name: z.string(),
			ok: z.boolean(),
			detail: z.string().min(1),
			ms: z.number().int().nonnegative()
		})
	)
});

test('/healthz and its older name /api/health answer without asking any dependency', async ({
	request
}) => {
	for (const path of ['/healthz', '/api/health']) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(200);
		expect(response.headers()['cache-control'], path).toBe('no-store');
		expect(await response.json(), path).toEqual({ ok: true });
	}
});

test('/readyz gives everyone the verdicts, and the admin token the details', async ({
	request
}) => {
	const anonymous = await request.get('/readyz');
	const body = publicSchema.parse(await anonymous.json());
	// 200 exactly when every check passes: other specs' sales may leave a backlog for a moment.
	expect(anonymous.status()).toBe(body.ok ? 200 : 503);
	expect(anonymous.headers()['cache-control']).toBe('no-store');
	expect(body.checks.map((check) => check.name)).toEqual(CHECKS);
	expect(body.checks.filter((check) => ['database', 'stripe'].includes(check.name))).toEqual([
		{ name: 'database', ok: true },
		{ name: 'stripe', ok: true }
	]);

	const admin = await request.get('/readyz', {
		headers: { authorization: `Bearer ${ADMIN_API_TOKEN}` }
	});
	const full = fullSchema.parse(await admin.json());
	expect(admin.status()).toBe(full.ok ? 200 : 503);
	expect(full.checks.find((check) => check.name === 'outbox')?.detail).toMatch(
		/^No SMTP: mail stays in the outbox/
	);
	const wrong = await request.get('/readyz', {
		headers: { authorization: `Bearer ${ADMIN_API_TOKEN}x` }
	});
	publicSchema.parse(await wrong.json());
});

/** Checks the page as it is now at a phone's width and a laptop's. */
async function expectAccessibleAtBothWidths(page: Page) {
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await expectNoViolations(page);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(0);
	}
}

test('the admin sees every check on /admin/health and checks again in place', async ({ page }) => {
	await signIn(page, ADMIN_EMAIL, '/admin/health');
	await expect(page.getByRole('heading', { level: 1, name: 'Health' })).toBeVisible();
	const table = page.getByRole('table', { name: 'Readiness checks' });
	for (const name of CHECKS) {
		await expect(table.getByRole('rowheader', { name, exact: true })).toBeVisible();
	}
	await expect(table.getByRole('row', { name: /^database OK Answers queries/ })).toBeVisible();
	const status = page.getByRole('status').filter({ hasText: /checked/ });
	await expect(status).toContainText(/Ready|Not ready/);

	const button = page.getByRole('button', { name: 'Check again' });
	await expect(hydrationMark(page)).toBeAttached();
	// The time shown has minute precision, so the request is watched: the page asks the server
	// again, and focus stays on the button.
	const reloaded = page.waitForResponse((response) =>
		response.url().includes('/admin/health/__data.json')
	);
	await button.click();
	expect((await reloaded).status()).toBe(200);
	await expect(button).toBeFocused();
	await expect(status).toContainText(/Ready|Not ready/);
	await expectAccessibleAtBothWidths(page);
});

/** This month's net revenue as the dashboard shows it, in cents. */
async function netOnDashboard(page: Page): Promise<number> {
	await page.goto('/admin');
	const line = page.getByText(/^Net revenue this month:/);
	await expect(line).toBeVisible();
	const text = (await line.textContent()) ?? '';
	const amount = /\$([\d,]+\.\d\d)/.exec(text)?.[1] ?? '';
	expect(amount, text).not.toBe('');
	return Math.round(Number(amount.replaceAll(',', '')) * 100);
}

test('milestone progress on the dashboard moves with a purchase', async ({
	page,
	request,
	stripe
}) => {
	await signIn(page, ADMIN_EMAIL, '/admin');
	const before = await netOnDashboard(page);
	await buyWithApi(request, stripe, { items: [{ sku: 'bundle-professional', quantity: 1 }] });
	// Other specs buy at the same time on this server: at least this sale was added.
	expect(await netOnDashboard(page)).toBeGreaterThanOrEqual(before + 49_900);

	const milestones = page.getByRole('region', { name: /^Milestones, / });
	const first = milestones.getByRole('progressbar', { name: '$1,000' });
	await expect(first).toBeVisible();
	expect(Number(await first.getAttribute('value'))).toBeGreaterThan(0);
	await expect(milestones.getByRole('progressbar', { name: '$10,000' })).toBeVisible();
	await expect(milestones.getByText(/^\d+%, (crossed|\$[\d,.]+ to go)/).first()).toBeVisible();
	await expectAccessibleAtBothWidths(page);
});

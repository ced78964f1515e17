import { createOrder, expect, test } from './support/fixtures';

test('the order page sends no referrer to other sites and gets the payment origins in its CSP', async ({
	request,
	stack
}) => {
	const order = await createOrder(request, { items: [{ sku: 'bundle-starter', quantity: 1 }] });
	const headers = (await request.get(order.orderUrl)).headers();
	// same-origin rather than no-referrer, whose `Origin: null` would fail the support form's CSRF check.
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['content-security-policy']).toContain(`http://127.0.0.1:${stack.sandboxPort}`);
	expect(headers['x-content-type-options']).toBe('nosniff');
});

test('a refused download keeps its own closed Content-Security-Policy', async ({ request }) => {
	const response = await request.get(`/download/${'A'.repeat(43)}`);
	expect(response.status()).toBe(404);
	const headers = response.headers();
	expect(headers['content-security-policy']).toBe(
		"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
	);
	expect(headers['referrer-policy']).toBe('no-referrer');
});

test('pages that set nothing get the default referrer policy', async ({ request }) => {
	const headers = (await request.get('/')).headers();
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(headers['content-security-policy']).toContain("script-src 'self'");
});

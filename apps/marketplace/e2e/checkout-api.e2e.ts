import {
	checkoutResponseSchema,
	errorBodySchema,
	expect,
	paymentIntentId,
	test
} from './support/fixtures';

// The published price of the Professional bundle (issue 5: $499, one-time). Not imported from the
// catalog module: it imports Svelte components, which Playwright's Node loader cannot run.
const PROFESSIONAL_CENTS = 49_900;

test.describe('POST /api/checkout with a tampered body', () => {
	test('price fields and a currency are ignored: the intent is for the catalog price × quantity', async ({
		request,
		stripe
	}) => {
		const expected = PROFESSIONAL_CENTS * 3;
		const response = await request.post('/api/checkout', {
			data: {
				email: 'tamper@example.com',
				// There is no currency field in the interface: the catalog fixes it, whatever is sent.
				currency: 'jpy',
				amount: 1,
				price: 1,
				items: [
					{
						sku: 'bundle-professional',
						quantity: 3,
						unitAmount: 1,
						amount: 1,
						price: 1,
						currency: 'jpy'
					}
				]
			}
		});
		expect(response.status()).toBe(200);
		const body = checkoutResponseSchema.parse(await response.json());
		expect(body).toMatchObject({ amount: expected, currency: 'usd' });

		const intent = await stripe.paymentIntents.retrieve(paymentIntentId(body.clientSecret));
		expect(intent.amount).toBe(expected);
		expect(intent.currency).toBe('usd');
	});

	const valid = { email: 'tamper@example.com', items: [{ sku: 'bundle-starter', quantity: 1 }] };
	const refused: { name: string; body: unknown; code?: string }[] = [
		{
			name: 'a negative quantity',
			body: { ...valid, items: [{ sku: 'bundle-starter', quantity: -1 }] },
			code: 'invalid_quantity'
		},
		{
			name: 'a zero quantity',
			body: { ...valid, items: [{ sku: 'bundle-starter', quantity: 0 }] },
			code: 'invalid_quantity'
		},
		{
			name: 'a fractional quantity',
			body: { ...valid, items: [{ sku: 'bundle-starter', quantity: 1.5 }] },
			code: 'invalid_quantity'
		},
		{
			name: 'a huge quantity',
			body: { ...valid, items: [{ sku: 'bundle-starter', quantity: 1e12 }] }
		},
		{
			name: 'a quantity as a string',
			body: { ...valid, items: [{ sku: 'bundle-starter', quantity: '2' }] }
		},
		{
			name: 'an unknown SKU',
			body: { ...valid, items: [{ sku: 'bundle-free', quantity: 1 }] },
			code: 'unknown_sku'
		},
		{
			name: 'a subscription price',
			body: { ...valid, items: [{ sku: 'api-pro-monthly', quantity: 1 }] },
			code: 'recurring_in_payment'
		},
		{
			name: 'items that are not an array',
			body: { ...valid, items: { sku: 'bundle-starter', quantity: 1 } }
		},
		{ name: 'no items', body: { ...valid, items: [] }, code: 'empty_cart' },
		{ name: 'a missing email', body: { items: valid.items }, code: 'invalid_email' },
		{ name: 'an invalid email', body: { ...valid, email: 'not-an-email' }, code: 'invalid_email' }
	];
	for (const { name, body, code } of refused) {
		test(`${name} is refused with 400`, async ({ request }) => {
			const response = await request.post('/api/checkout', { data: body });
			expect(response.status()).toBe(400);
			const { error } = errorBodySchema.parse(await response.json());
			if (code) expect(error.code).toBe(code);
		});
	}

	test('invalid JSON is refused with 400 invalid_json', async ({ request }) => {
		const response = await request.post('/api/checkout', {
			headers: { 'content-type': 'application/json' },
			// A Buffer is sent as is; a string would be JSON-encoded because of the content type.
			data: Buffer.from('{"items": [')
		});
		expect(response.status()).toBe(400);
		expect(errorBodySchema.parse(await response.json()).error.code).toBe('invalid_json');
	});
});

import { describe, expect, it } from 'vitest';
import { accountTicketForm, fieldErrors, newTicketForm, replyForm } from './ticket-form.js';

describe('ticket forms', () => {
	it('trims and accepts a subject and a message', () => {
		expect(
			newTicketForm.parse({ subject: '  Download broken ', message: ' The link says expired. ' })
		).toEqual({ subject: 'Download broken', message: 'The link says expired.' });
	});

	it('names each field that is wrong, once', () => {
		const result = newTicketForm.safeParse({ subject: ' a ', message: 'x'.repeat(5001) });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(fieldErrors(result.error)).toEqual({
			subject: 'Write a subject of at least 3 characters.',
			message: 'Keep the message under 5000 characters.'
		});
	});

	it('refuses a subject with a line break, which would end up in a mail header', () => {
		const result = newTicketForm.safeParse({
			subject: 'Help\r\nBcc: everyone@example.com',
			message: 'Something is wrong.'
		});
		expect(result.success).toBe(false);
		if (!result.success)
			expect(fieldErrors(result.error)).toEqual({ subject: 'Write the subject on one line.' });
	});

	it('says what is missing when a field is absent', () => {
		const result = replyForm.safeParse({});
		expect(result.success).toBe(false);
		if (!result.success) expect(fieldErrors(result.error)).toEqual({ message: 'Write a message.' });
	});

	it('takes an order id or none from the account page, and nothing else', () => {
		const base = { subject: 'Help', message: 'Something is wrong.' };
		expect(accountTicketForm.parse({ ...base, order: '' }).order).toBe('');
		expect(accountTicketForm.parse({ ...base, order: 'ord_abc-123' }).order).toBe('ord_abc-123');
		const result = accountTicketForm.safeParse({ ...base, order: "ord_1' or 1=1" });
		expect(result.success).toBe(false);
		if (!result.success)
			expect(fieldErrors(result.error)).toEqual({ order: 'Choose one of your orders.' });
	});
});

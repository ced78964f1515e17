import PDFDocument from 'pdfkit';
import type Stripe from 'stripe';
import { money } from './pages.js';

const day = (seconds: number | null): string =>
	seconds === null ? '—' : new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * The invoice as a PDF (pdfkit): who bills whom, the number and dates, one row per line and the
 * totals. Content streams are left uncompressed so tests (and curious developers) can read them.
 */
export function renderInvoicePdf(invoice: Stripe.Invoice): Promise<Buffer> {
	const title = `Invoice ${invoice.number ?? invoice.id}`;
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		compress: false,
		lang: 'en-US',
		displayTitle: true,
		info: { Title: title, Author: invoice.account_name ?? 'NOBS Pay Sandbox', Subject: title }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const amount = (value: number): string => money(value, invoice.currency);
	doc.font('Helvetica-Bold').fontSize(22).text('Invoice');
	doc.moveDown(0.5).font('Helvetica').fontSize(10);
	doc.text(`Invoice number: ${invoice.number ?? 'Draft'}`);
	doc.text(`Date of issue: ${day(invoice.status_transitions.finalized_at ?? invoice.created)}`);
	if (invoice.due_date) doc.text(`Date due: ${day(invoice.due_date)}`);
	doc.text(`Status: ${invoice.status ?? 'draft'}`);
	doc.moveDown();
	doc.font('Helvetica-Bold').text(invoice.account_name ?? 'NOBS Pay Sandbox');
	doc.font('Helvetica').text('Bill to:');
	doc.text([invoice.customer_name, invoice.customer_email].filter(Boolean).join(' — ') || '—');
	doc.moveDown();

	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	const row = (label: string, value: string, bold = false): void => {
		const y = doc.y;
		doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
		doc.text(label, left, y, { width: width - 110 });
		const after = doc.y;
		doc.text(value, left + width - 100, y, { width: 100, align: 'right' });
		doc.y = Math.max(after, doc.y);
		doc.moveDown(0.3);
	};
	row('Description', 'Amount', true);
	for (const line of invoice.lines.data)
		row(
			`${line.description ?? 'Line item'} (${day(line.period.start)} – ${day(line.period.end)})`,
			amount(line.amount)
		);
	doc.moveDown(0.5);
	row('Subtotal', amount(invoice.subtotal));
	row('Total', amount(invoice.total), true);
	row('Amount paid', amount(invoice.amount_paid));
	row('Amount remaining', amount(invoice.amount_remaining), true);
	if (invoice.footer) doc.moveDown().font('Helvetica').text(invoice.footer, left);
	doc.end();
	return done;
}

import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from './db/index.js';
import { emailOutbox } from './db/schema.js';
import { openText, sealText, type OutboxKey } from './outbox-cipher.js';

/** A rendered message. Field names match nodemailer's `sendMail`, so its transport fits as is. */
export interface MailMessage {
	from: string;
	to: string;
	subject: string;
	html: string;
	text: string;
}

/** Anything that can send a message: a nodemailer transport, or a fake in tests. */
export interface MailTransport {
	sendMail(message: MailMessage): Promise<unknown>;
}

/**
 * The SMTP transport named by `SMTP_URL`, or `undefined` when it is unset: then mail stays in the
 * outbox and the development mailbox shows it.
 * @example const transport = await transportFromEnv(process.env.SMTP_URL);
 */
export async function transportFromEnv(
	smtpUrl: string | undefined
): Promise<MailTransport | undefined> {
	if (!smtpUrl) return undefined;
	// Loaded on demand so the default, SMTP-less set-up never pays for nodemailer.
	const nodemailer = await import('nodemailer');
	return nodemailer.createTransport(smtpUrl);
}

export interface SendPendingOptions {
	transport: MailTransport;
	/** Opens the sealed bodies (see outbox-cipher.ts). */
	outboxKey: OutboxKey;
	/** The sender address. @default 'NOBS Pay <orders@nobs-pay.dev>' */
	from?: string;
	/** Most messages sent per call. @default 50 */
	limit?: number;
	/** How long a message stays claimed by one sender before another may retry it. @default 60_000 */
	leaseMs?: number;
	/**
	 * Replace the bodies of a sent message with a note. A receipt carries the order link, the
	 * download links and the license key; once it is in the buyer's mailbox the database need not
	 * keep them. Turn off only for a development transport whose mail you want to read back.
	 * @default true
	 */
	redactAfterSend?: boolean;
}

/** What a sent message's bodies become: its secrets now live only in the buyer's mailbox. */
export const REDACTED =
	'[sent; body removed because it held the order link, download links and license key]';

export interface SendPendingResult {
	sent: number;
	failed: number;
}

/**
 * Sends queued mail. Each message is claimed with a conditional UPDATE before sending, so two
 * workers never send the same row; a sender that dies mid-way leaves a lease that expires, and the
 * message is retried (at-least-once, as SMTP cannot be part of our transaction).
 */
export async function sendPending(db: Db, options: SendPendingOptions): Promise<SendPendingResult> {
	const {
		transport,
		outboxKey,
		from = 'NOBS Pay <orders@nobs-pay.dev>',
		limit = 50,
		leaseMs = 60_000,
		redactAfterSend = true
	} = options;
	const sendable = or(
		eq(emailOutbox.status, 'queued'),
		and(eq(emailOutbox.status, 'sending'), lt(emailOutbox.lockedUntil, sql`now()`))
	);
	const candidates = await db
		.select({ id: emailOutbox.id })
		.from(emailOutbox)
		.where(sendable)
		.orderBy(asc(emailOutbox.id))
		.limit(limit);

	const result: SendPendingResult = { sent: 0, failed: 0 };
	for (const { id } of candidates) {
		const [message] = await db
			.update(emailOutbox)
			.set({
				status: 'sending',
				attempts: sql`${emailOutbox.attempts} + 1`,
				lockedUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`
			})
			.where(and(eq(emailOutbox.id, id), sendable))
			.returning();
		if (!message) continue; // another worker took it

		try {
			await transport.sendMail({
				from,
				to: message.to,
				subject: message.subject,
				html: openText(message.html, outboxKey, sealContext(message)),
				text: openText(message.text, outboxKey, sealContext(message))
			});
			await db
				.update(emailOutbox)
				.set({
					status: 'sent',
					sentAt: sql`now()`,
					lockedUntil: null,
					lastError: null,
					...(redactAfterSend ? { html: REDACTED, text: REDACTED } : {})
				})
				.where(eq(emailOutbox.id, id));
			result.sent += 1;
		} catch (error) {
			await db
				.update(emailOutbox)
				.set({ status: 'queued', lockedUntil: null, lastError: String(error).slice(0, 1000) })
				.where(eq(emailOutbox.id, id));
			result.failed += 1;
		}
	}
	return result;
}

/** What a row's sealed bodies are bound to: its order (receipts) or its cause (account mail). */
function sealContext(row: { orderId: string | null; cause: string | null }): string {
	const context = row.orderId ?? row.cause;
	if (!context) throw new Error('An outbox row has neither an order nor a cause.');
	return context;
}

/** An account message: a heading, paragraphs and at most one button, as HTML and text. */
export interface MessageContent {
	subject: string;
	heading: string;
	paragraphs: string[];
	action?: { label: string; url: string };
}

/** Renders account mail (sign-in links, invitations, billing notices) in the receipt's style. */
export function renderMessage(content: MessageContent): {
	subject: string;
	html: string;
	text: string;
} {
	const text = [
		content.heading,
		'',
		...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
		...(content.action ? [`${content.action.label}: ${content.action.url}`] : [])
	]
		.join('\n')
		.trimEnd();
	const html = `<!doctype html><html lang="en"><body>
<h1>${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
${content.action ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>` : ''}
</body></html>`;
	return { subject: content.subject, html, text };
}

/**
 * Queues account mail once per `cause`: a second call with the same cause (a redelivered webhook,
 * a job that runs again) is a no-op. Answers whether it was queued now. The bodies are sealed.
 * @example await queueMessage(db, { cause: `welcome:${accountId}`, kind: 'welcome', to, content, outboxKey });
 */
export async function queueMessage(
	db: Pick<Db, 'insert'>,
	input: { cause: string; kind: string; to: string; content: MessageContent; outboxKey: OutboxKey }
): Promise<boolean> {
	const { subject, html, text } = renderMessage(input.content);
	const inserted = await db
		.insert(emailOutbox)
		.values({
			cause: input.cause,
			kind: input.kind,
			to: input.to,
			subject,
			html: sealText(html, input.outboxKey, input.cause),
			text: sealText(text, input.outboxKey, input.cause),
			status: 'queued'
		})
		.onConflictDoNothing({ target: emailOutbox.cause })
		.returning({ id: emailOutbox.id });
	return inserted.length > 0;
}

export interface MailboxEntry {
	id: number;
	to: string;
	subject: string;
	html: string;
	text: string;
	status: 'queued' | 'sending' | 'sent';
	createdAt: Date;
}

/**
 * Mail that has left the `held` state, newest first: what the development mailbox lists.
 * Held receipts belong to unpaid orders and are never shown.
 */
export async function listMailbox(
	db: Db,
	options: { outboxKey: OutboxKey; limit?: number }
): Promise<MailboxEntry[]> {
	const rows = await db
		.select()
		.from(emailOutbox)
		.where(inArray(emailOutbox.status, ['queued', 'sending', 'sent']))
		.orderBy(sql`${emailOutbox.id} desc`)
		.limit(options.limit ?? 100);
	return rows.flatMap(({ id, orderId, cause, to, subject, html, text, status, createdAt }) =>
		status === 'held'
			? []
			: [
					{
						id,
						to,
						subject,
						html: openText(html, options.outboxKey, sealContext({ orderId, cause })),
						text: openText(text, options.outboxKey, sealContext({ orderId, cause })),
						status,
						createdAt
					}
				]
	);
}

export interface ReceiptContent {
	orderId: string;
	orderUrl: string;
	licenseKey: string;
	/** `perProject`: a bundle line, whose quantity is a number of licensed projects. */
	lines: { name: string; quantity: number; perProject?: boolean; downloadUrl?: string }[];
	/** How many projects the license key covers; 0 for an order without bundles. */
	projects?: number;
	total: string;
}

const projectCount = (count: number) => `${count} ${count === 1 ? 'project' : 'projects'}`;
const describeLine = (line: ReceiptContent['lines'][number]) =>
	line.perProject
		? `${line.name}: ${projectCount(line.quantity)}`
		: `${line.name} × ${line.quantity}`;

export const escapeHtml = (value: string) =>
	value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The receipt's subject, HTML and text bodies. */
export function renderReceipt(content: ReceiptContent): {
	subject: string;
	html: string;
	text: string;
} {
	const subject = `Your NOBS Pay order ${content.orderId}`;
	const downloads = content.lines.filter((line) => line.downloadUrl);
	const text = [
		'Thank you for your order.',
		'',
		...content.lines.map((line) => `- ${describeLine(line)}`),
		`Total: ${content.total}`,
		'',
		`License key: ${content.licenseKey}`,
		...(content.projects ? [`It covers ${projectCount(content.projects)}.`] : []),
		'',
		...(downloads.length
			? [
					'Downloads (each link works 5 times within 7 days of payment):',
					...downloads.map((l) => `${l.name}: ${l.downloadUrl}`),
					''
				]
			: []),
		`Your order: ${content.orderUrl}`,
		'Keep this email: the links and the key above are how you reach your purchase.'
	].join('\n');
	const html = `<!doctype html><html lang="en"><body>
<h1>Thank you for your order</h1>
<ul>${content.lines.map((line) => `<li>${escapeHtml(describeLine(line))}</li>`).join('')}</ul>
<p>Total: <strong>${escapeHtml(content.total)}</strong></p>
<p>License key: <code>${escapeHtml(content.licenseKey)}</code>${content.projects ? `, for ${projectCount(content.projects)}` : ''}</p>
${
	downloads.length
		? `<h2>Downloads</h2><p>Each link works 5 times within 7 days of payment.</p><ul>${downloads
				.map(
					(line) =>
						`<li><a href="${escapeHtml(line.downloadUrl ?? '')}">${escapeHtml(line.name)}</a></li>`
				)
				.join('')}</ul>`
		: ''
}
<p><a href="${escapeHtml(content.orderUrl)}">View your order</a></p>
<p>Keep this email: the links and the key above are how you reach your purchase.</p>
</body></html>`;
	return { subject, html, text };
}

/**
 * Deletes the held receipts of orders that were never paid within `days`: they carry the order's
 * links and license key (sealed, but still), and an abandoned checkout should not keep them. An order
 * paid after that still works from its order page; it just gets no receipt email.
 * @example await purgeAbandonedReceipts(db, { days: 2 });
 */
export async function purgeAbandonedReceipts(
	db: Db,
	{ days = 2 }: { days?: number } = {}
): Promise<number> {
	const purged = await db
		.delete(emailOutbox)
		.where(
			and(
				eq(emailOutbox.status, 'held'),
				lt(emailOutbox.createdAt, sql`now() - make_interval(days => ${days})`)
			)
		)
		.returning({ id: emailOutbox.id });
	return purged.length;
}

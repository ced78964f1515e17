import type { HTMLAttributes, HTMLFormAttributes } from 'svelte/elements';
import type { TicketFormFailure, TicketStatusName } from '$lib/support';

export interface TicketFormProps extends Omit<HTMLFormAttributes, 'children'> {
	/** The form action, e.g. `?/ticket`. */
	action: string;
	/** The customer's orders to choose from; without it the form has no order field. */
	orders?: { id: string; label: string }[];
	failure?: TicketFormFailure;
}

export interface TicketReplyFormProps extends Omit<HTMLFormAttributes, 'children'> {
	/** @default '?/reply' */
	action?: string;
	/** @default 'Your reply' */
	label?: string;
	/** @default 'Send reply' */
	submitLabel?: string;
	failure?: TicketFormFailure;
}

export interface TicketThreadMessage {
	id: number;
	author: 'customer' | 'admin';
	body: string;
	createdAt: Date | string;
}

export interface TicketThreadProps extends HTMLAttributes<HTMLOListElement> {
	messages: TicketThreadMessage[];
	/** Who each side is for the reader: `{ customer: 'You', admin: 'NOBS Pay support' }`. */
	names: Record<TicketThreadMessage['author'], string>;
}

export interface TicketListItem {
	reference: string;
	status: TicketStatusName;
	subject: string;
	orderId: string | null;
	createdAt: Date | string;
	lastActivityAt: Date | string;
}

export interface CustomerTicketsProps extends HTMLAttributes<HTMLDivElement> {
	tickets: TicketListItem[];
	/** Where a ticket's row links: the customer's page or the admin's. */
	href: (reference: string) => string;
	/** Status words for the reader (the customer's or the admin's). */
	labels: Record<TicketStatusName, string>;
}

export interface CustomerTicketProps {
	ticket: {
		reference: string;
		status: TicketStatusName;
		subject: string;
		orderId: string | null;
		createdAt: Date | string;
		messages: TicketThreadMessage[];
	};
	/** What was just done, from `?sent=`: the confirmation to show. */
	sent?: 'ticket' | 'reply' | null;
	failure?: TicketFormFailure;
}

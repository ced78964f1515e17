/** Words and durations the support pages share (customer and admin side). */

export type TicketStatusName = 'open' | 'waiting_on_customer' | 'closed';

/** How the admin reads a status. */
export const statusLabels: Record<TicketStatusName, string> = {
	open: 'Open',
	waiting_on_customer: 'Waiting on customer',
	closed: 'Closed'
};

/** How the customer reads the same status: whose move it is. */
export const customerStatusLabels: Record<TicketStatusName, string> = {
	open: 'Open: we will answer soon',
	waiting_on_customer: 'Answered: waiting for your reply',
	closed: 'Closed'
};

/**
 * A duration as a person says it: "45 min", "5 h 20 min", "3 d 4 h". Under a minute is "< 1 min".
 * @example formatDuration(new Date(ticket.createdAt), new Date()) // "2 h 5 min"
 */
export function formatDuration(from: Date | string, to: Date | string): string {
	const minutes = Math.max(
		0,
		Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 60_000)
	);
	if (minutes < 1) return '< 1 min';
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	const days = Math.floor(hours / 24);
	return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export type TicketField = 'subject' | 'message' | 'order';

/** What a ticket form shows again after the server refused it: the text sent, and why. */
export interface TicketFormFailure {
	values: Record<string, string>;
	/** Each field's first problem, or `form` for one about the whole form (too many messages). */
	errors: Partial<Record<TicketField | 'form', string>>;
}

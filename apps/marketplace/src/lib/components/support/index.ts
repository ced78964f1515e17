export { default as CustomerTickets } from './customer-tickets.svelte';
export { default as NewTicketForm } from './new-ticket-form.svelte';
export { default as TicketReplyForm } from './ticket-reply-form.svelte';
export { default as TicketThread } from './ticket-thread.svelte';
export type * from './types';
export { default as CustomerTicket } from './customer-ticket.svelte';

// The orders the webhook confirmed, by PaymentIntent or Checkout Session id. In memory to stay
// short: a real store keeps them in its database.
const paid = new Set<string>();

export function markPaid(id: string): void {
	paid.add(id);
}

export function isPaid(id: string): boolean {
	return paid.has(id);
}

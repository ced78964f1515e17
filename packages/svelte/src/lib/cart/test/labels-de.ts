import type { CartLabels } from '../types.js';

const artikel = (n: number) => `${n} Artikel`;

/** The whole cart in German, for the browser tests and the German story. */
export const cartLabelsDe: CartLabels = {
	add: 'In den Warenkorb',
	cart: 'Warenkorb',
	itemCount: artikel,
	title: 'Ihr Warenkorb',
	close: 'Schließen',
	closeCart: 'Warenkorb schließen',
	empty: 'Ihr Warenkorb ist leer.',
	each: (price) => `${price} pro Stück`,
	remove: 'Entfernen',
	removeItem: (name) => `${name} entfernen`,
	quantity: (name) => `Menge von ${name}`,
	decrease: (name) => `Menge von ${name} verringern`,
	increase: (name) => `Menge von ${name} erhöhen`,
	items: 'Artikel',
	subtotal: 'Zwischensumme',
	added: (name) => `${name} hinzugefügt.`,
	removed: (name) => `${name} entfernt.`,
	changed: (name, quantity) => `${name}: Menge ${quantity}.`,
	cleared: 'Warenkorb geleert.',
	status: (n, subtotal) =>
		`${artikel(n)} im Warenkorb${subtotal ? `, Zwischensumme ${subtotal}` : ''}.`,
	invalidItem: (name) => `${name} kann nicht hinzugefügt werden.`,
	currencyMismatch: (name, currency, cart) =>
		`${name} kostet ${currency}, Ihr Warenkorb ist aber in ${cart}.`,
	underMinimum: (name, min) => `Von ${name} mindestens ${min}.`,
	outOfStock: (name) => `${name} ist ausverkauft.`,
	overLimit: (name, limit) => `Von ${name} sind nur ${limit} verfügbar.`,
	unknownSku: (sku) => `Die SKU „${sku}“ ist nicht im Warenkorb.`,
	invalidQuantity: (quantity) => `${quantity} ist keine gültige Menge.`
};

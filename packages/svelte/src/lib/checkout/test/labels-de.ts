import type { CheckoutLabels } from '../types.js';

/** The checkout's own texts in German, for the browser tests and the German story. */
export const checkoutLabelsDe: CheckoutLabels = {
	pay: (total) => `${total} bezahlen`,
	submitting: 'Ihre Zahlung wird verarbeitet…',
	requiresAction: 'Ihre Bank möchte diese Zahlung bestätigen lassen.',
	processing: 'Zahlung erhalten. Sie wird noch verarbeitet.',
	succeeded: 'Zahlung erfolgreich. Vielen Dank!',
	loadFailed: 'Zahlungen konnten nicht geladen werden. Prüfen Sie Ihre Verbindung.',
	startFailed: 'Die Zahlung konnte nicht gestartet werden. Bitte erneut versuchen.',
	failed: 'Die Zahlung konnte nicht abgeschlossen werden. Bitte erneut versuchen.',
	totalChanged: 'Der Gesamtbetrag hat sich geändert. Prüfen Sie ihn und zahlen Sie erneut.',
	notCompleted: 'Die Zahlung wurde nicht abgeschlossen. Versuchen Sie eine andere Zahlungsart.',
	unreachable: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung.'
};

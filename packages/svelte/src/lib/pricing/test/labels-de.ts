import type { PricingLabels } from '../types.js';

/** The pricing table in German, for the browser tests and the German story. */
export const pricingLabelsDe: PricingLabels = {
	legend: 'Abrechnungszeitraum',
	interval: { day: 'Täglich', week: 'Wöchentlich', month: 'Monatlich', year: 'Jährlich' },
	per: { day: 'pro Tag', week: 'pro Woche', month: 'pro Monat', year: 'pro Jahr' },
	oneTime: 'einmalig',
	custom: 'Individuell',
	savePercent: (percent) => `${percent} % sparen`,
	saveAmount: (amount) => `${amount} Rabatt`,
	trial: (days) => `${days} Tage kostenlos testen`,
	choose: (name) => `${name} wählen`,
	currentPlan: 'Aktueller Tarif'
};

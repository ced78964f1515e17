/** What a test card does when charged, from Stripe's testing documentation. */
export type CardOutcome =
	| { kind: 'succeed' }
	| { kind: 'authenticate' }
	| { kind: 'decline'; code: string; declineCode: string; message: string };

export interface TestCard {
	number: string;
	brand: 'visa' | 'mastercard' | 'amex' | 'discover';
	funding: 'credit' | 'debit';
	outcome: CardOutcome;
}

const declined = (declineCode: string, message: string, code = 'card_declined'): CardOutcome => ({
	kind: 'decline',
	code,
	declineCode,
	message
});

const GENERIC = 'Your card was declined.';

const CARDS: TestCard[] = [
	{ number: '4242424242424242', brand: 'visa', funding: 'credit', outcome: { kind: 'succeed' } },
	{ number: '4000056655665556', brand: 'visa', funding: 'debit', outcome: { kind: 'succeed' } },
	{
		number: '5555555555554444',
		brand: 'mastercard',
		funding: 'credit',
		outcome: { kind: 'succeed' }
	},
	{ number: '378282246310005', brand: 'amex', funding: 'credit', outcome: { kind: 'succeed' } },
	{
		number: '6011111111111117',
		brand: 'discover',
		funding: 'credit',
		outcome: { kind: 'succeed' }
	},
	{
		number: '4000000000000002',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('generic_decline', GENERIC)
	},
	{
		// Attaching it to a customer succeeds; every charge fails (renewals, dunning retries).
		number: '4000000000000341',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('generic_decline', GENERIC)
	},
	{
		number: '4000000000009995',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('insufficient_funds', 'Your card has insufficient funds.')
	},
	{
		number: '4000000000009987',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('lost_card', GENERIC)
	},
	{
		number: '4000000000009979',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('stolen_card', GENERIC)
	},
	{
		number: '4100000000000019',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('fraudulent', GENERIC)
	},
	{
		number: '4000000000000069',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('expired_card', 'Your card has expired.', 'expired_card')
	},
	{
		number: '4000000000000127',
		brand: 'visa',
		funding: 'credit',
		outcome: declined('incorrect_cvc', "Your card's security code is incorrect.", 'incorrect_cvc')
	},
	{
		number: '4000000000000119',
		brand: 'visa',
		funding: 'credit',
		outcome: declined(
			'processing_error',
			'An error occurred while processing your card. Try again in a little bit.',
			'processing_error'
		)
	},
	{
		number: '4000002760003184',
		brand: 'visa',
		funding: 'credit',
		outcome: { kind: 'authenticate' }
	},
	{
		number: '4000002500003155',
		brand: 'visa',
		funding: 'credit',
		outcome: { kind: 'authenticate' }
	},
	{
		number: '4000000000003220',
		brand: 'visa',
		funding: 'credit',
		outcome: { kind: 'authenticate' }
	},
	{
		number: '4000000000003063',
		brand: 'visa',
		funding: 'credit',
		outcome: { kind: 'authenticate' }
	}
];

const BY_NUMBER = new Map(CARDS.map((card) => [card.number, card]));

/** Stripe's `pm_card_*` test tokens, mapped to the card number each stands for. */
export const TEST_TOKENS: Record<string, string> = {
	pm_card_visa: '4242424242424242',
	pm_card_visa_debit: '4000056655665556',
	pm_card_mastercard: '5555555555554444',
	pm_card_amex: '378282246310005',
	pm_card_discover: '6011111111111117',
	pm_card_chargeDeclined: '4000000000000002',
	pm_card_visa_chargeDeclined: '4000000000000002',
	pm_card_chargeCustomerFail: '4000000000000341',
	pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
	pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
	pm_card_chargeDeclinedLostCard: '4000000000009987',
	pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
	pm_card_chargeDeclinedStolenCard: '4000000000009979',
	pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
	pm_card_chargeDeclinedFraudulent: '4100000000000019',
	pm_card_chargeDeclinedExpiredCard: '4000000000000069',
	pm_card_visa_chargeDeclinedExpiredCard: '4000000000000069',
	pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
	pm_card_visa_chargeDeclinedIncorrectCvc: '4000000000000127',
	pm_card_chargeDeclinedProcessingError: '4000000000000119',
	pm_card_visa_chargeDeclinedProcessingError: '4000000000000119',
	pm_card_authenticationRequired: '4000002760003184',
	pm_card_authenticationRequiredOnSetup: '4000002500003155',
	pm_card_threeDSecure2Required: '4000000000003220',
	pm_card_threeDSecureRequired: '4000000000003063'
};

export function luhnValid(number: string): boolean {
	let sum = 0;
	for (let i = 0; i < number.length; i++) {
		let digit = Number(number[number.length - 1 - i]);
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return number.length >= 12 && sum % 10 === 0;
}

/** Any Luhn-valid number not in the table behaves like 4242: Stripe test mode accepts it. */
export function lookupCard(number: string): TestCard {
	const known = BY_NUMBER.get(number);
	if (known) return known;
	const brand = number.startsWith('3')
		? 'amex'
		: number.startsWith('5') || number.startsWith('2')
			? 'mastercard'
			: number.startsWith('6')
				? 'discover'
				: 'visa';
	return { number, brand, funding: 'credit', outcome: { kind: 'succeed' } };
}

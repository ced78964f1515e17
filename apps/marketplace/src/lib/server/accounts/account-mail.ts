import type { MessageContent } from '../email.js';

/**
 * The account and billing messages. Each is rendered by `renderMessage` and queued with
 * `queueMessage` under a cause, so each is sent once per cause.
 */

const formatDay = (date: Date) =>
	date.toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'long' });

export const accountMail = {
	signIn: (url: string): MessageContent => ({
		subject: 'Your NOBS Pay sign-in link',
		heading: 'Sign in to NOBS Pay',
		paragraphs: [
			'Open the link below to sign in. It works once, for five minutes.',
			'If you did not ask for it, ignore this message: nothing happens without the link.'
		],
		action: { label: 'Sign in', url }
	}),
	invite: (inviter: string, url: string): MessageContent => ({
		subject: `${inviter} invited you to their NOBS Pay team`,
		heading: 'You are invited to a NOBS Pay team',
		paragraphs: [
			`${inviter} invited you to their Team API plan, to share its keys and usage. Sign in with this address, then accept or decline the invitation on your account page.`
		],
		action: { label: 'Sign in to answer', url }
	}),
	welcome: (plan: string, billingUrl: string): MessageContent => ({
		subject: `Welcome to NOBS Pay ${plan}`,
		heading: `Welcome to ${plan}`,
		paragraphs: [
			'Your plan is ready. Create an API key and call the License API from your terminal; your usage and invoices are on the billing page.'
		],
		action: { label: 'Open billing', url: billingUrl }
	}),
	trialEnding: (plan: string, trialEnd: Date, billingUrl: string): MessageContent => ({
		subject: 'Your NOBS Pay trial ends in 3 days',
		heading: 'Your trial ends in 3 days',
		paragraphs: [
			`Your ${plan} trial ends on ${formatDay(trialEnd)}; the first payment is taken then.`,
			'To stop before it, cancel on the billing page: nothing is charged.'
		],
		action: { label: 'Manage your plan', url: billingUrl }
	}),
	paymentFailed: (plan: string, billingUrl: string): MessageContent => ({
		subject: 'Your NOBS Pay payment failed',
		heading: 'We could not take your payment',
		paragraphs: [
			`The renewal of ${plan} failed. Your API keys keep working for 7 days; update your card to keep them working after that.`
		],
		action: { label: 'Update your card', url: billingUrl }
	}),
	paymentRecovered: (plan: string, billingUrl: string): MessageContent => ({
		subject: 'Your NOBS Pay payment went through',
		heading: 'Payment received',
		paragraphs: [`Thank you: ${plan} is paid and in good standing again.`],
		action: { label: 'Open billing', url: billingUrl }
	}),
	planChanged: (from: string, to: string, billingUrl: string): MessageContent => ({
		subject: `Your NOBS Pay plan is now ${to}`,
		heading: 'Your plan changed',
		paragraphs: [
			`You moved from ${from} to ${to}. The difference is prorated on your next invoice.`
		],
		action: { label: 'See your plan', url: billingUrl }
	}),
	planCanceled: (plan: string, endsAt: Date | null, billingUrl: string): MessageContent => ({
		subject: `Your NOBS Pay ${plan} plan is canceled`,
		heading: 'Your plan is canceled',
		paragraphs: [
			endsAt
				? `${plan} stays active until ${formatDay(endsAt)}; your API keys stop then. You can resume it until that day.`
				: `${plan} has ended and its API keys no longer work.`
		],
		action: { label: 'Open billing', url: billingUrl }
	})
};

export const load = () => ({
	meta: {
		title: 'Contact · NOBS Pay',
		description: 'How to reach the people behind NOBS Pay: orders, licenses, refunds and sales.'
	}
});

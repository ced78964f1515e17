export const load = () => ({
	meta: {
		title: 'Refund policy · NOBS Pay',
		description: 'A full refund within 14 days of buying a NOBS Pay bundle, no questions asked.'
	}
});

export const load = () => ({
	meta: {
		title: 'Privacy · NOBS Pay',
		description: 'What the NOBS Pay store collects when you buy, why, and how long it keeps it.'
	}
});

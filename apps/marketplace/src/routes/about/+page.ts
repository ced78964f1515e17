export const load = () => ({
	meta: {
		title: 'About · NOBS Pay',
		description: 'Who makes NOBS Pay and what this store is.'
	}
});

export const load = () => ({
	meta: {
		title: 'Terms and license · NOBS Pay',
		description:
			'The terms of sale of the NOBS Pay store and the per-project commercial license the source bundles are sold under.'
	}
});

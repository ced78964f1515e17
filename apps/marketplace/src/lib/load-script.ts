const loading = new Map<string, Promise<void>>();

/**
 * Loads a script once. The checkout loads Stripe.js (or the sandbox's stand-in) from the URL the
 * server configures, so no other page ever loads it.
 */
export function loadScript(src: string): Promise<void> {
	let promise = loading.get(src);
	if (!promise) {
		promise = new Promise<void>((resolve, reject) => {
			const script = document.createElement('script');
			script.src = src;
			script.async = true;
			script.onload = () => resolve();
			script.onerror = () => {
				loading.delete(src);
				reject(new Error(`Could not load ${src}`));
			};
			document.head.append(script);
		});
		loading.set(src, promise);
	}
	return promise;
}

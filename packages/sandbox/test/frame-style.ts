// A browser command for the stand-in tests: the computed style of an element inside an Element
// iframe. The frame is cross-origin, so only Playwright (in Node) can look inside it.
import type { BrowserCommand } from 'vitest/node';

type FrameStyle = (
	frameTitle: string,
	selector: string,
	properties: string[]
) => Promise<Record<string, string>>;

declare module 'vitest/browser' {
	interface BrowserCommands {
		/** Computed `properties` of the first `selector` in the iframe titled `frameTitle`. */
		frameStyle: FrameStyle;
	}
}

export const frameStyle: BrowserCommand<Parameters<FrameStyle>> = async (
	context,
	frameTitle,
	selector,
	properties
) =>
	context.iframe
		.frameLocator(`iframe[title="${frameTitle}"]`)
		.locator(selector)
		.first()
		.evaluate((node, names) => {
			const style = getComputedStyle(node);
			return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
		}, properties);

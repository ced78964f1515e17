import { afterEach, describe, expect, it, vi } from 'vitest';
import { cdp, page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import './flip-card.css';
import '../theme.css';
import ControlledHarness from './test/controlled-harness.svelte';
import FlipCardRoot from './flip-card-root.svelte';
import FlipCardHarness from './test/flip-card-harness.svelte';
import OrphanBack from './test/orphan-back.svelte';

const toggle = () => page.getByRole('button', { name: 'Flip the Pro plan card' });
const face = (slot: 'front' | 'back') =>
	document.querySelector<HTMLElement>(`[data-slot="flip-card-${slot}"]`)!;

async function expectShowing(side: 'front' | 'back') {
	const hidden = side === 'front' ? 'back' : 'front';
	await expect.element(toggle()).toHaveAttribute('aria-pressed', String(side === 'back'));
	expect(face(side).inert).toBe(false);
	expect(face(side).hasAttribute('aria-hidden')).toBe(false);
	expect(face(hidden).inert).toBe(true);
	expect(face(hidden).getAttribute('aria-hidden')).toBe('true');
}

describe('FlipCard', () => {
	it('flips on click and back again, reporting each change', async () => {
		const onFlippedChange = vi.fn();
		await render(FlipCardHarness, { onFlippedChange });
		await expectShowing('front');

		await toggle().click();
		await expectShowing('back');
		await toggle().click();
		await expectShowing('front');
		expect(onFlippedChange.mock.calls).toEqual([[true], [false]]);
	});

	it('flips with Enter and Space on the focused toggle', async () => {
		await render(FlipCardHarness);
		await userEvent.keyboard('{Tab}');
		await expect.element(toggle()).toHaveFocus();

		await userEvent.keyboard('{Enter}');
		await expectShowing('back');
		await userEvent.keyboard(' ');
		await expectShowing('front');
	});

	it('takes links in the hidden face out of the tab order and the accessibility tree', async () => {
		await render(FlipCardHarness);
		await expect.element(page.getByRole('link', { name: 'Compare features' })).toBeVisible();
		await expect
			.element(page.getByRole('link', { name: 'Read the terms' }))
			.not.toBeInTheDocument();

		await toggle().click();
		await expect.element(page.getByRole('link', { name: 'Read the terms' })).toBeInTheDocument();
		await expect
			.element(page.getByRole('link', { name: 'Compare features' }))
			.not.toBeInTheDocument();
	});

	it('keeps links on the visible face clickable above the stretched toggle', async () => {
		const onFlippedChange = vi.fn();
		await render(FlipCardHarness, { onFlippedChange });
		await page.getByRole('link', { name: 'Compare features' }).click();
		expect(location.hash).toBe('#features');
		expect(onFlippedChange).not.toHaveBeenCalled();
	});

	it('starts on the back when uncontrolled with flipped=true', async () => {
		await render(FlipCardHarness, { flipped: true });
		await expectShowing('back');
	});

	it('follows a bound parent state both ways when controlled', async () => {
		await render(ControlledHarness);
		const parentState = page.getByTestId('parent-state');
		const cardToggle = page.getByRole('button', { name: 'Flip card' });

		await page.getByRole('button', { name: 'Parent toggle' }).click();
		await expect.element(cardToggle).toHaveAttribute('aria-pressed', 'true');
		await expect.element(parentState).toHaveTextContent('parent: back');

		await cardToggle.click();
		await expect.element(parentState).toHaveTextContent('parent: front');
		await expect.element(cardToggle).toHaveAttribute('aria-pressed', 'false');
	});

	it('flips while a mouse hovers when flipOnHover is set, and not otherwise', async () => {
		const { rerender } = await render(FlipCardHarness);
		await userEvent.hover(toggle());
		await expectShowing('front');

		await rerender({ flipOnHover: true });
		await userEvent.unhover(toggle());
		await userEvent.hover(toggle());
		await expectShowing('back');
		await userEvent.unhover(toggle());
		await expectShowing('front');
	});

	it('throws a helpful error when a face is used outside FlipCard.Root', async () => {
		await expect(render(OrphanBack)).rejects.toThrow(
			'<FlipCard.Back> must be used inside <FlipCard.Root>'
		);
	});
});

describe('FlipCard labels', () => {
	it('names the toggle in the language of `labels`, and `label` still names one card', async () => {
		const { rerender } = await render(FlipCardRoot, { labels: { flip: 'Karte umdrehen' } });
		// An empty card has no size, so presence rather than visibility.
		await expect.element(page.getByRole('button', { name: 'Karte umdrehen' })).toBeInTheDocument();
		await rerender({ label: 'Pro-Karte umdrehen' });
		await expect
			.element(page.getByRole('button', { name: 'Pro-Karte umdrehen' }))
			.toBeInTheDocument();
	});
});

describe('FlipCard motion', () => {
	afterEach(async () => {
		await cdp().send('Emulation.setEmulatedMedia', { features: [] });
	});

	it('turns in 3D by default', async () => {
		await render(FlipCardHarness);
		expect(getComputedStyle(face('back')).transform).not.toBe('none');
		expect(getComputedStyle(face('back')).opacity).toBe('1');
	});

	it('cross-fades without a 3D turn when reduced motion is preferred', async () => {
		await cdp().send('Emulation.setEmulatedMedia', {
			features: [{ name: 'prefers-reduced-motion', value: 'reduce' }]
		});
		expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true);
		await render(FlipCardHarness);
		expect(getComputedStyle(face('back')).transform).toBe('none');
		expect(getComputedStyle(face('back')).opacity).toBe('0');
		expect(getComputedStyle(face('back')).transitionProperty).toBe('opacity');

		await toggle().click();
		await expect.poll(() => getComputedStyle(face('front')).opacity).toBe('0');
		expect(getComputedStyle(face('front')).transform).toBe('none');
	});
});

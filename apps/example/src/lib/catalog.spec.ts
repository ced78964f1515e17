import { defineCatalog } from '@nobs-pay/svelte/server';
import { expect, it } from 'vitest';
import { catalog } from './catalog';

it('is a valid catalog', () => {
	expect(defineCatalog(catalog)).toEqual(catalog);
});

export { openBillingPortal, type OpenBillingPortalOptions } from './portal.js';

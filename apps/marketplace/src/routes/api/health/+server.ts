/** `GET /api/health`: the older name of `/healthz` (the API benchmark's baseline), kept as an alias. */
export { GET } from '../../healthz/+server';

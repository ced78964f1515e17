import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
const st = () => { const s = readFileSync('/proc/self/status','utf8'); return `hwm ${(s.match(/VmHWM:\s+(\d+)/)[1]/1024).toFixed(0)} rss ${(s.match(/VmRSS:\s+(\d+)/)[1]/1024).toFixed(0)}`; };
const dir = process.argv[2]; const opts = JSON.parse(process.argv[3] ?? '{}');
const iv = setInterval(() => console.log(st()), 500);
const db = await PGlite.create(dir, opts);
console.log('after create', st());
clearInterval(iv);
await db.close();

import { PGlite } from '@electric-sql/pglite';
import { readFileSync, openAsBlob } from 'node:fs';
const st = () => { const s = readFileSync('/proc/self/status','utf8'); return `hwm ${(s.match(/VmHWM:\s+(\d+)/)[1]/1024).toFixed(0)} rss ${(s.match(/VmRSS:\s+(\d+)/)[1]/1024).toFixed(0)}`; };
const dir = process.argv[2];
if (process.argv[3] === 'dump') {
  const db = await PGlite.create(dir, {postgresqlconf:"shared_buffers=16MB"});
  const blob = await db.dumpDataDir('gzip');
  const { writeFileSync } = await import('node:fs');
  writeFileSync('/tmp/template.tar.gz', Buffer.from(await blob.arrayBuffer()));
  console.log('dumped', blob.size); await db.close(); process.exit(0);
}
const blob = await openAsBlob('/tmp/template.tar.gz');
const t = Date.now();
const db = await PGlite.create(dir, { loadDataDir: blob, postgresqlconf: "shared_buffers=16MB" });
console.log('after create', st(), Date.now()-t, 'ms');
console.log((await db.query('select count(*) from pg_class')).rows);
await db.close();

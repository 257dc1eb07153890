// After `vite build`: the window's first load must not carry the pages that only some
// users open, rarely. Statistics (with ECharts) and settings are separate chunks, loaded
// when their route is first visited; this fails the build if a static import pulls
// either of them, or ECharts, into what index.html loads up front.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const LAZY = ['src/views/StatisticsView.vue', 'src/views/SettingsView.vue'];
/** A string found only in ECharts' code. */
const ECHARTS = '_echarts_instance_';

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entry) throw new Error('the build manifest has no entry');
const upfront = new Set();
const walk = (key) => {
  if (upfront.has(key)) return;
  upfront.add(key);
  for (const next of manifest[key].imports ?? []) walk(next);
};
walk(entry);

const problems = [];
for (const page of LAZY) {
  if (!manifest[page]?.isDynamicEntry) problems.push(`${page} is not a chunk of its own`);
  if (upfront.has(page)) problems.push(`${page} is loaded up front`);
}
let upfrontBytes = 0;
for (const key of upfront) {
  const code = readFileSync(join(dist, manifest[key].file), 'utf8');
  upfrontBytes += Buffer.byteLength(code);
  if (code.includes(ECHARTS)) problems.push(`ECharts is in ${manifest[key].file}, loaded up front`);
}
if (problems.length > 0) {
  console.error(`代码拆分检查失败：\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;
const lazy = LAZY.map(
  (page) => `${page.split('/').pop()} ${kb(Buffer.byteLength(readFileSync(join(dist, manifest[page].file))))}`,
);
console.log(`code split: up front ${kb(upfrontBytes)} JS in ${upfront.size} chunk(s); on demand: ${lazy.join(', ')}`);

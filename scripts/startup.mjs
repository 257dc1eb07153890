// Startup benchmark: the app against the smallest Tauri 2 window, launched the same way in
// the same run. For each launch: the time from spawning the process to its page loaded and
// (for the app) to the page's first data, then, once it has settled, the memory of the
// process and every process under it (WebKit's web and network processes): RSS and PSS
// summed from /proc/<pid>/smaps_rollup (scripts/procmem.mjs).
//
//   cargo build --release -p complaint-desk --bin complaint-desk --example minimal_window \
//       --features tauri/custom-protocol     (as `tauri build` does: the embedded page)
//   xvfb-run -a -s "-screen 0 1440x900x24" node scripts/startup.mjs \
//       APP_BINARY MINIMAL_BINARY DATA_DIR [LAUNCHES]
//
// DATA_DIR holds the database the app opens (a copy of target/desk-bench-1000000: the app
// writes to it, e.g. the one-month raise). One launch
// of each is made first and not counted (a first open may upgrade the file and take the
// day's backup); then LAUNCHES (default 7) of each, alternating. Prints the medians.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, memory, tree } from './procmem.mjs';

const [app, minimal, dataDir, launchesArg] = process.argv.slice(2);
if (!app || !minimal || !dataDir) {
  console.error('usage: node scripts/startup.mjs APP_BINARY MINIMAL_BINARY DATA_DIR [LAUNCHES]');
  process.exit(2);
}
const LAUNCHES = Number(launchesArg ?? 7);
/** After the last awaited mark: let the page and WebKit settle before reading memory. */
const SETTLE_MS = 3000;
const TIMEOUT_MS = 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One launch: milliseconds to each mark, then the memory after settling. */
async function launch(binary, marks, env, timeoutMs = TIMEOUT_MS) {
  const started = Date.now();
  const child = spawn(binary, [], {
    env: { ...process.env, ...env, COMPLAINTDESK_STARTUP_PROBE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const seen = {};
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
    for (const m of log.matchAll(/startup-probe (\w+) (\d+)/g)) seen[m[1]] ??= Number(m[2]) - started;
  });
  const deadline = Date.now() + timeoutMs;
  while (!marks.every((m) => m in seen)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`${binary}: no ${marks.join('/')} mark within ${timeoutMs} ms\n${log}`);
    }
    await sleep(5);
  }
  await sleep(SETTLE_MS);
  const used = memory(tree(child.pid));
  process.kill(-child.pid, 'SIGTERM');
  await sleep(300);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await sleep(500);
  return { ...seen, ...used };
}

const backups = mkdtempSync(join(tmpdir(), 'startup-backups-'));
const appEnv = { COMPLAINTDESK_DATA_DIR: dataDir, COMPLAINTDESK_BACKUP_DIR: backups };
const runs = { app: [], minimal: [] };
try {
  // The first open of a file may upgrade it, take the day's backup and raise stale
  // complaints, holding the desk meanwhile: not what is measured.
  await launch(app, ['page', 'data'], appEnv, 30 * 60_000);
  await launch(minimal, ['page'], {});
  for (let i = 0; i < LAUNCHES; i += 1) {
    runs.app.push(await launch(app, ['page', 'data'], appEnv));
    runs.minimal.push(await launch(minimal, ['page'], {}));
  }
} finally {
  rmSync(backups, { recursive: true, force: true });
}

const row = (name, list, key) => median(list.map((r) => r[key]));
const a = runs.app;
const m = runs.minimal;
const figures = {
  'minimal window: page loaded (ms)': row('minimal', m, 'page'),
  'app: page loaded (ms)': row('app', a, 'page'),
  'app: first data served (ms)': row('app', a, 'data'),
  'minimal: RSS / PSS (MB)': `${row('minimal', m, 'rss').toFixed(0)} / ${row('minimal', m, 'pss').toFixed(0)}`,
  'app: RSS / PSS (MB)': `${row('app', a, 'rss').toFixed(0)} / ${row('app', a, 'pss').toFixed(0)}`,
};
const interactive = Math.max(row('app', a, 'page'), row('app', a, 'data'));
console.log(`launches: ${LAUNCHES} of each (medians); processes: app ${a[0].names.join(', ')}; minimal ${m[0].names.join(', ')}`);
for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(36)} ${v}`);
for (const [label, list] of [['app', a], ['minimal', m]]) {
  const parts = Object.keys(list[0].each).map((name) => `${name} ${median(list.map((r) => r.each[name] ?? 0)).toFixed(0)}`);
  console.log(`PSS by process (MB), ${label}: ${parts.join(', ')}`);
}
console.log(`interactive: ${interactive} ms = ${(interactive / row('minimal', m, 'page')).toFixed(2)}× the minimal window's page`);
console.log(
  `memory: RSS ${(row('app', a, 'rss') / row('minimal', m, 'rss')).toFixed(2)}×, PSS ${(row('app', a, 'pss') / row('minimal', m, 'pss')).toFixed(2)}× the minimal window`,
);

// Whether the page's own JavaScript keeps what it no longer shows: the app driven from
// inside its page through WebKit's remote inspector (no WebDriver, whose element handles
// would keep nodes alive), the same round repeated, and after every EVERY rounds a
// collection, a heap snapshot of the page's JavaScript and the web process's memory
// read side by side. A leak check of the page, beside scripts/daywork.mjs (the whole
// app through WebDriver); not a timed test.
//
//   xvfb-run -a -s "-screen 0 1440x900x24" node scripts/pageheap.mjs \
//       APP_BINARY [MODE] [ROUNDS] [EVERY]
//
// MODE is the round: `relogin` (退出登录, which opens the login page afresh: in a new web
// process, as a desk without WebDriver does; then the name and password typed on the
// login screen, 登录, the dashboard), `shift` (a relogin, then three rounds of screens),
// `lock` (锁定, the password typed on the lock screen, 解锁) or `screens` (the list, its
// first complaint's detail, the dashboard). Defaults relogin, 300, 100. The app must be a
// debug build (its page is inspectable only there); it runs on a fresh data folder, set
// up as the e2e tests do it, with a supervisor (周敏) logged in and 30 complaints
// registered. The inspector listens on PAGEHEAP_PORT (default 9333). Needs
// tests/e2e/node_modules (`make e2e-deps`).
//
// Each reading: the page's live JavaScript heap after a full collection (MB and cells,
// from `Heap.snapshot`), the elements in the document, and the median of 5 readings of
// the web process's and the app process's USS (private pages) 8 s after the last round.
// At the end: the growth of each per 100 rounds, and the kinds of cell that grew most.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logOutAfresh, openInspector } from '../tests/e2e/inspector.mjs';
import { ADMIN, LEAKING_PIPE, SUPERVISOR } from '../tests/e2e/people.mjs';
import { registrationInput } from '../tests/e2e/session.mjs';
import { median, memory, tree } from './procmem.mjs';

const [appArg, modeArg, roundsArg, everyArg] = process.argv.slice(2);
const ROUNDS_OF = {
  lock: `
    document.querySelector('[data-testid="lock-now"]').click();
    await shown('[data-testid="lock-overlay"]');
    await sleep(150);
    type('input[data-testid="unlock-password"]', user.password);
    document.querySelector('[data-testid="unlock-submit"]').click();
    await shown('[data-testid="lock-overlay"]', true);`,
  screens: `
    document.querySelector('[data-testid="menu-list"]').click();
    (await shown('[data-testid^="row-"]')).click();
    await shown('.complaint-detail-view');
    await sleep(200);
    document.querySelector('[data-testid="menu-dashboard"]').click();
    await shown('.dashboard-view');`,
};
const MODE = modeArg ?? 'relogin';
if (!appArg || !(MODE in ROUNDS_OF || MODE === 'relogin' || MODE === 'shift')) {
  console.error('usage: node scripts/pageheap.mjs APP_BINARY [relogin|shift|login|lock|screens] [ROUNDS] [EVERY]');
  process.exit(2);
}
const APP = resolve(appArg);
const ROUNDS = Number(roundsArg ?? 300);
const EVERY = Number(everyArg ?? 100);
const PORT = Number(process.env.PAGEHEAP_PORT ?? 9333);
const SETTLE_MS = 8_000;

const dataDir = mkdtempSync(join(tmpdir(), 'pageheap-data-'));
const backupDir = mkdtempSync(join(tmpdir(), 'pageheap-backup-'));
const app = spawn(APP, [], {
  env: {
    ...process.env,
    COMPLAINTDESK_DATA_DIR: dataDir,
    COMPLAINTDESK_BACKUP_DIR: backupDir,
    WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${PORT}`,
  },
  stdio: ['ignore', 'ignore', process.env.PAGEHEAP_APP_LOG ? 'inherit' : 'ignore'],
});
process.on('exit', () => {
  app.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(backupDir, { recursive: true, force: true });
});
const started = Date.now();
const say = (line) => console.log(`[${((Date.now() - started) / 60_000).toFixed(1)} min] ${line}`);

/** The page's live JavaScript after a full collection: MB, cells and cells by kind. */
async function jsHeap() {
  await send('Heap.gc');
  const answer = await send('Heap.snapshot');
  const snapshot = JSON.parse(answer.result.snapshotData);
  // Each node: id, size, class name index, flags (and three more in a GC-debugging one).
  const width = snapshot.type === 'GCDebugging' ? 7 : 4;
  const kinds = new Map();
  let bytes = 0;
  let cells = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const size = snapshot.nodes[i + 1];
    const kind = snapshot.nodeClassNames[snapshot.nodes[i + 2]];
    bytes += size;
    cells += 1;
    const seen = kinds.get(kind) ?? { cells: 0, bytes: 0 };
    seen.cells += 1;
    seen.bytes += size;
    kinds.set(kind, seen);
  }
  return { mb: bytes / 1_048_576, cells, kinds };
}

const readings = [];
async function read(rounds) {
  await sleep(SETTLE_MS);
  const heap = await jsHeap();
  const elements = await inPage(`return document.getElementsByTagName('*').length;`);
  const pids = tree(app.pid);
  const web = [];
  const own = [];
  for (let i = 0; i < 5; i += 1) {
    const { eachUss } = memory(pids);
    web.push(
      Object.entries(eachUss).reduce((sum, [name, mb]) => (name.startsWith('WebKitWebProces') ? sum + mb : sum), 0),
    );
    own.push(eachUss['complaint-desk'] ?? 0);
    await sleep(1000);
  }
  const reading = { rounds, heap, elements, web: median(web), app: median(own) };
  readings.push(reading);
  say(
    `after ${rounds} rounds: JS heap ${heap.mb.toFixed(1)} MB in ${heap.cells} cells, ` +
      `${elements} elements, web process USS ${reading.web.toFixed(0)} MB, app process ${reading.app.toFixed(0)} MB`,
  );
}

const inspector = await openInspector(PORT);
const { send, inPage, pageShows } = inspector;
say(`app ${APP}, mode ${MODE}, inspector on ${PORT}`);
/** How many times a logout brought a new web process. */
let processes = 0;

/** 退出登录, which opens the login page afresh, then `user` logs in there. */
async function relogIn(user) {
  const { before, after } = await logOutAfresh(inspector, app.pid);
  if (after !== before) {
    processes += 1;
    await send('Heap.enable');
  }
  await inPage(`const [user] = args; await logIn(user); await sleep(300);`, user);
}

await pageShows('use-alone');
await inPage(
  `const [admin] = args;
   document.querySelector('[data-testid="use-alone"]').click();
   await shown('[data-testid="centerName"]');
   await invoke('first_run_setup', { input: { centerName: '阳光花园物业服务中心', adminUsername: admin.username,
     adminDisplayName: admin.displayName, adminPassword: admin.password } });
   setTimeout(() => window.location.reload(), 50);`,
  ADMIN,
);
await sleep(1000);
await pageShows('login-title');
await inPage(
  `const [admin, supervisor] = args;
   await logIn(admin);
   await invoke('create_user', { input: { username: supervisor.username, displayName: supervisor.displayName,
     role: supervisor.role, departmentId: null, password: supervisor.password } });`,
  ADMIN,
  SUPERVISOR,
);
await relogIn(SUPERVISOR);
const departments = await inPage(`return invoke('list_departments');`);
const categories = await inPage(`return invoke('list_categories');`);
const registrations = Array.from({ length: 30 }, (_, i) =>
  registrationInput(
    { ...LEAKING_PIPE, room: `3-2-${1201 + i}` },
    departments.find((d) => d.name === LEAKING_PIPE.department).id,
    categories.find((c) => c.name === LEAKING_PIPE.category).id,
  ),
);
await inPage(
  `const [registrations] = args;
   for (const input of registrations) await invoke('register_complaint', { input });
   document.querySelector('[data-testid="menu-dashboard"]').click();
   await shown('.dashboard-view');`,
  registrations,
);
await send('Heap.enable');
await read(0);
for (let done = 0; done < ROUNDS;) {
  if (MODE === 'relogin' || MODE === 'shift') {
    // 退出登录 opens the login page as a new page: the round spans two evaluations.
    await relogIn(SUPERVISOR);
    if (MODE === 'shift') {
      await inPage(`for (let i = 0; i < 3; i += 1) { ${ROUNDS_OF.screens} await sleep(300); }`);
    }
    done += 1;
    if (done % EVERY === 0 || done === ROUNDS) await read(done);
    continue;
  }
  const batch = Math.min(10, ROUNDS - done);
  await inPage(
    `const [user, n] = args; for (let i = 0; i < n; i += 1) { ${ROUNDS_OF[MODE]} await sleep(300); }`,
    SUPERVISOR,
    batch,
  );
  done += batch;
  if (done % EVERY === 0 || done === ROUNDS) await read(done);
}

const first = readings[0];
const last = readings.at(-1);
const per100 = (a, b) => ((b - a) * 100) / (last.rounds - first.rounds);
console.log(`\nper 100 rounds of ${MODE}, from ${first.rounds} to ${last.rounds}:`);
if (MODE === 'relogin' || MODE === 'shift') console.log(`  (a new web process at ${processes} of the logouts)`);
console.log(
  `  JS heap     ${per100(first.heap.mb, last.heap.mb).toFixed(1)} MB (${per100(first.heap.cells, last.heap.cells).toFixed(0)} cells)`,
);
console.log(`  elements    ${per100(first.elements, last.elements).toFixed(0)}`);
console.log(`  web process ${per100(first.web, last.web).toFixed(1)} MB USS`);
console.log(`  app process ${per100(first.app, last.app).toFixed(1)} MB USS`);
const grown = [...last.heap.kinds]
  .map(([kind, now]) => [
    kind,
    now.bytes - (first.heap.kinds.get(kind)?.bytes ?? 0),
    now.cells - (first.heap.kinds.get(kind)?.cells ?? 0),
  ])
  .sort((a, b) => b[1] - a[1])
  .slice(0, 6);
console.log('the kinds of cell that grew most, whole run:');
for (const [kind, bytes, cells] of grown) console.log(`  ${kind}: ${(bytes / 1024).toFixed(0)} KB, ${cells} cells`);
process.exit(0);

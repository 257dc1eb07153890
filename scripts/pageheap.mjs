// The app driven from inside its page through WebKit's remote inspector, with no
// WebDriver: no element handle keeps a node alive, and a logout opens the login page in a
// new web process as it does at a desk (under WebDriver the page only reloads: see
// webview.rs). The same round repeated, and after every EVERY rounds a collection, a heap
// snapshot of the page's JavaScript and the processes' memory read side by side. Beside
// scripts/daywork.mjs (the whole day through WebDriver, typing included); a leak check,
// not a timed test.
//
//   xvfb-run -a -s "-screen 0 1440x900x24" node scripts/pageheap.mjs \
//       APP_BINARY [MODE] [ROUNDS] [EVERY]
//
// MODE is the round: `relogin` (退出登录, which opens the login page afresh: in a new web
// process, as a desk without WebDriver does; then the name and password typed on the
// login screen, 登录, the dashboard), `shift` (a relogin, then three rounds of screens),
// `day` (25 complaints from registration to the archive, as below; ROUNDS 40 and EVERY 2
// make a day of 1,000 read every 50), `lock` (锁定, the password typed on the lock
// screen, 解锁) or `screens` (the list, its first complaint's detail, the dashboard).
// Defaults relogin, 300, 100. The app must be a
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
import { logOutAfresh, openInspector, setUpCenter } from '../tests/e2e/inspector.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, SATISFIED_CALLBACK, SUPERVISOR } from '../tests/e2e/people.mjs';
import { createUsersBy, registrationInput } from '../tests/e2e/session.mjs';
import { median, memory, slope, tree } from './procmem.mjs';

const [appArg, modeArg, roundsArg, everyArg] = process.argv.slice(2);
const ROUNDS_OF = {
  lock: `
    document.querySelector('[data-testid="lock-now"]').click();
    await shown('[data-testid="lock-overlay"]');
    await sleep(150);
    fill('unlock-password', user.password);
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
if (!appArg || !(MODE in ROUNDS_OF || ['relogin', 'shift', 'day'].includes(MODE))) {
  console.error('usage: node scripts/pageheap.mjs APP_BINARY [relogin|shift|day|lock|screens] [ROUNDS] [EVERY]');
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
  const all = [];
  for (let i = 0; i < 5; i += 1) {
    const { eachUss, pss } = memory(pids);
    all.push(pss);
    web.push(
      Object.entries(eachUss).reduce((sum, [name, mb]) => (name.startsWith('WebKitWebProces') ? sum + mb : sum), 0),
    );
    own.push(eachUss['complaint-desk'] ?? 0);
    await sleep(1000);
  }
  const reading = { rounds, heap, elements, web: median(web), app: median(own), pss: median(all) };
  readings.push(reading);
  say(
    `after ${rounds} rounds: JS heap ${heap.mb.toFixed(1)} MB in ${heap.cells} cells, ` +
      `${elements} elements, web process USS ${reading.web.toFixed(0)} MB, app process ${reading.app.toFixed(0)} MB, ` +
      `PSS of all ${reading.pss.toFixed(0)} MB`,
  );
}

const inspector = await openInspector(PORT);
const { send, inPage } = inspector;
say(`app ${APP}, mode ${MODE}, inspector on ${PORT}`);
/**
 * 退出登录, which opens the login page in a new web process (the run stops if one does
 * not come), then `user` logs in there.
 */
async function relogIn(user) {
  await logOutAfresh(inspector, app.pid);
  await send('Heap.enable');
  await inPage(`const [user] = args; await logIn(user); await sleep(300);`, user);
}

// A day's round (MODE `day`), as scripts/daywork.mjs has it: 25 minor complaints
// registered, dispatched and noted by the supervisor, one in five through the register
// form and its dispatch dialog (each field's value set and its input event fired, the
// selects chosen by clicking their options), the rest by `invoke`; the department head
// logs in, opens the first from the dashboard's queue and marks all handled; the
// supervisor logs in, takes all through 意见表返回, 回复住户, 回访 and 归档, opens the
// last from the list, and the register form; statistics every second round (so every
// reading is taken after them); the administrator's screens first in every tenth. The
// other steps go by `invoke` from the page.
const DAY_ROUND = 25;
/** One complaint in FORM_EVERY is typed into the register form (values set, as by an input method). */
const FORM_EVERY = 5;
const open = (menu, selector) => `
  document.querySelector('[data-testid="${menu}"]').click();
  await shown('${selector}');
  await sleep(200);`;
async function dayRound(index) {
  if ((index + 1) % 10 === 0) {
    await relogIn(ADMIN);
    await inPage(
      `${open('menu-safety', '[data-testid="audit-table"]')}
       ${open('menu-settings', '#tab-general')}
       for (const tab of ['departments', 'users', 'categories', 'policy', 'general']) {
         document.querySelector('#tab-' + tab).click();
         await sleep(300);
       }
       ${open('menu-dashboard', '.dashboard-view')}`,
    );
    await relogIn(SUPERVISOR);
  }
  const inputs = Array.from({ length: DAY_ROUND }, (_, i) => {
    const n = index * DAY_ROUND + i;
    return registrationInput(
      {
        ...LEAKING_PIPE,
        room: `${1 + (n % 12)}-${1 + (n % 3)}-${String((2 + (n % 28)) * 100 + 1).padStart(4, '0')}`,
        description: `${LEAKING_PIPE.description}（第 ${n} 件）`,
      },
      day.departmentId,
      day.categoryId,
    );
  });
  const cases = await inPage(
    `const [inputs, head, department, category, formEvery] = args;
     // Typed into the register form, saved, and dispatched in the dialog that follows.
     const byForm = async (input) => {
       if (!visible(document.querySelector('[data-testid="submit"]'))) {
         document.querySelector('[data-testid="menu-register"]').click();
         await shown('[data-testid="residentName"]');
       }
       const before = document.querySelector('[data-testid="last-saved-open"]')?.getAttribute('href');
       fill('residentName', input.residentName);
       fill('room', input.room);
       fill('phone', input.phone);
       fill('location', input.location);
       await choose('departmentId', department);
       fill('description', input.description);
       fill('residentRequest', input.residentRequest);
       await choose('categoryId', category);
       document.querySelector('[data-testid="severity-minor"]').click();
       await sleep(100);
       document.querySelector('[data-testid="submit"]').click();
       for (let i = 0; i < 600; i += 1) {
         const href = document.querySelector('[data-testid="last-saved-open"]')?.getAttribute('href');
         if (href && href !== before) break;
         await sleep(25);
       }
       await shown('input[data-testid="step-recipient"]');
       fill('step-recipient', head);
       await sleep(100);
       document.querySelector('.el-dialog [data-testid="dialog-submit"]').click();
       await shown('[data-testid="last-dispatched"]');
       const id = Number(document.querySelector('[data-testid="last-saved-open"]').getAttribute('href').split('/').pop());
       const saved = await invoke('complaint_detail', { id });
       return { id, caseNo: saved.row.caseNo };
     };
     const cases = [];
     for (const [i, input] of inputs.entries()) {
       let done;
       if (i % formEvery === 0) {
         done = await byForm(input);
       } else {
         const row = await invoke('register_complaint', { input });
         await invoke('apply_step', { id: row.id, step: { step: 'dispatch', input: { departmentId: null, recipient: head } } });
         done = { id: row.id, caseNo: row.caseNo };
       }
       await invoke('apply_step', { id: done.id, step: { step: 'addHandlingNote', input: { note: '已通知维修班组上门。' } } });
       cases.push(done);
     }
     ${open('menu-dashboard', '.dashboard-view')}
     return cases;`,
    inputs,
    ENGINEERING_HEAD.displayName,
    LEAKING_PIPE.department,
    LEAKING_PIPE.category,
    FORM_EVERY,
  );
  await relogIn(ENGINEERING_HEAD);
  await inPage(
    `const [cases] = args;
     (await shown('[data-testid="queue-inHandling"] [data-testid="dash-row-' + cases[0].caseNo + '"]')).click();
     await shown('.complaint-detail-view');
     for (const c of cases) {
       await invoke('apply_step', { id: c.id, step: { step: 'markHandled', input: { result: '已上门处理完毕。' } } });
     }
     ${open('menu-dashboard', '.dashboard-view')}`,
    cases,
  );
  await relogIn(SUPERVISOR);
  await inPage(
    `const [cases, callback, statistics] = args;
     for (const c of cases) {
       await invoke('apply_step', { id: c.id, step: { step: 'logFormReturn' } });
       await invoke('apply_step', { id: c.id, step: { step: 'notifyResident', input: { method: 'phone', response: '住户表示认可。' } } });
       await invoke('apply_step', { id: c.id, step: { step: 'callback', input: callback } });
       await invoke('apply_step', { id: c.id, step: { step: 'archive' } });
     }
     const last = cases.at(-1).caseNo;
     ${open('menu-list', `[data-testid="row-' + last + '"]`)}
     document.querySelector('[data-testid="row-' + last + '"]').click();
     await shown('.complaint-detail-view');
     await sleep(200);
     ${open('menu-register', '[data-testid="residentName"]')}
     if (statistics) { ${open('menu-statistics', '[data-testid="chart-trend"]')} }
     ${open('menu-dashboard', '.dashboard-view')}`,
    cases,
    SATISFIED_CALLBACK,
    (index + 1) % 2 === 0,
  );
}
const day = {};

await setUpCenter(inspector);
await inPage(`await logIn(args[0]);`, ADMIN);
await createUsersBy(inspector.invoke, [SUPERVISOR, ENGINEERING_HEAD]);
await relogIn(SUPERVISOR);
const departments = await inPage(`return invoke('list_departments');`);
const categories = await inPage(`return invoke('list_categories');`);
day.departmentId = departments.find((d) => d.name === LEAKING_PIPE.department).id;
day.categoryId = categories.find((c) => c.name === LEAKING_PIPE.category).id;
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
  if (MODE === 'day') {
    await dayRound(done);
    done += 1;
    if (done % EVERY === 0 || done === ROUNDS) await read(done);
    continue;
  }
  if (MODE === 'relogin' || MODE === 'shift') {
    // 退出登录 opens the login page in a new web process: the round spans two connections.
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
console.log(
  `  JS heap     ${per100(first.heap.mb, last.heap.mb).toFixed(1)} MB (${per100(first.heap.cells, last.heap.cells).toFixed(0)} cells)`,
);
console.log(`  elements    ${per100(first.elements, last.elements).toFixed(0)}`);
console.log(`  web process ${per100(first.web, last.web).toFixed(1)} MB USS`);
console.log(`  app process ${per100(first.app, last.app).toFixed(1)} MB USS`);
console.log(`  PSS of all  ${per100(first.pss, last.pss).toFixed(1)} MB`);
if (MODE === 'day' && readings.length >= 4) {
  const checks = readings.slice(1).map((r) => [r.rounds * DAY_ROUND, r.pss]);
  const [[n1, p1], [n2, p2]] = [checks[0], checks.at(-1)];
  console.log(
    `  a day: PSS of all ${p1.toFixed(0)} MB after ${n1} complaints, ${p2.toFixed(0)} after ${n2} ` +
      `(${p2 >= p1 ? '+' : ''}${(p2 - p1).toFixed(0)}); checks ${checks.map(([, p]) => p.toFixed(0)).join(', ')}; ` +
      `trend ${(slope(checks) * 100).toFixed(1)} MB per 100 complaints`,
  );
}
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

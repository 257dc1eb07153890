// Memory after a day's work: the app driven through its window (tauri-driver +
// WebKitWebDriver, as tests/e2e does) on a fresh data folder, its memory read at the
// login screen, after every screen has been opened, and after every CHECK complaints; the
// figures at CHECK and at COMPLAINTS are compared. A leak check, not a timed test.
// Under WebDriver a logout opens the login page as a new page in the same web process
// (WebKitWebDriver would end its session with the process); at a desk it opens in a new
// process. The same day without WebDriver, a new process at each logout:
// `scripts/pageheap.mjs APP day`.
//
//   xvfb-run -a -s "-screen 0 1440x900x24" node scripts/daywork.mjs \
//       APP_BINARY [COMPLAINTS] [CHECK] [FORM_EVERY]
//
// Defaults 500, 50, 5; about 20 minutes for 500. Needs tests/e2e/node_modules (`make
// e2e-deps`), tauri-driver on PATH or in ~/.cargo/bin, WebKitWebDriver and sqlite3. The
// driver listens on DAYWORK_PORT (default 4454) and the next port, so that an e2e run
// on 4444 is not disturbed; but another WebKit app running meanwhile shares library
// pages with this one and lowers its PSS (USS is not affected; the report says so).
//
// The day: the center is set up as the e2e tests do it (`first_run_setup` from the setup
// page), the administrator logs in with the keyboard, creates a supervisor (周敏) and the
// head of 工程维修部 (吴涛), and opens the list, statistics, data safety and every tab of
// settings; the supervisor opens the register form, the list and statistics (the detail
// page is first opened in the first round: there is no complaint before). Then
// COMPLAINTS minor complaints in rounds of 25, each taken through seven steps: registered
// and dispatched, a handling note, handled (by the department head), the form returned,
// the resident notified, called back (satisfied) and archived. In each round:
//   - the supervisor registers. One complaint in FORM_EVERY is typed into the window's
//     form (the selects chosen with the mouse, saved, then dispatched in the dialog that
//     follows the save); the others are sent with the page's own Tauri `invoke`
//     (window.__TAURI_INTERNALS__.invoke, as the e2e helpers do): typing all 500 would
//     take about an hour under WebKitWebDriver. The steps after registering are sent
//     with `invoke` too, except:
//   - the department head logs in through the login screen, opens the first of the
//     round from the dashboard's queue and marks it handled in the step dialog;
//   - the supervisor logs in again, opens the round's last complaint from the list and
//     takes it through 意见表返回, 回复住户, 回访 and 归档 in the step dialogs. Every
//     fourth round also opens statistics, every tenth the administrator opens data
//     safety and settings again.
// Memory is read with the supervisor on the dashboard, SETTLE_MS after the last click:
// the median of SAMPLES readings 1.5 s apart of PSS and USS (private pages) summed over
// the app and every process under it (WebKit's web and network processes; not
// tauri-driver or WebKitWebDriver), from /proc/*/smaps_rollup (scripts/procmem.mjs).
// After the last reading, every screen root, dialog, popper, toast, table and chart the
// page added during the day (watched through WeakRefs from the start) is counted once
// garbage has been made until WebKit collects: one still in memory though off the page
// is a leak. Then the page is reloaded, every screen opened again and memory read once
// more: what the reload gives back was held by the page's JavaScript and DOM.
//
// Prints every reading, a table of the login screen, every screen opened, the first
// check, the last and the reload, by process kind, the leak count, and the least-squares
// trend over all the checks (MB per 100 complaints).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// webdriverio is installed for the e2e tests only; desk.mjs below imports the same file.
import { remote } from '../tests/e2e/node_modules/webdriverio/build/node.js';
import { choose, click, fill, shownErrors, testId, visibleText } from '../tests/e2e/desk.mjs';
import { captureWindow } from '../tests/e2e/harness.mjs';
import { ADMIN, ENGINEERING_HEAD, SATISFIED_CALLBACK, SUPERVISOR } from '../tests/e2e/people.mjs';
import { createUsers, invokeOk, logIn, registrationInput, setUpCenter } from '../tests/e2e/session.mjs';
import { act, waitForDetail } from '../tests/e2e/steps.mjs';
import { median, memory, slope, tree } from './procmem.mjs';

const [appArg, countArg, checkArg, formArg] = process.argv.slice(2);
if (!appArg) {
  console.error('usage: node scripts/daywork.mjs APP_BINARY [COMPLAINTS] [CHECK] [FORM_EVERY]');
  process.exit(2);
}
const APP = resolve(appArg);
const COMPLAINTS = Number(countArg ?? 500);
const CHECK = Number(checkArg ?? 50);
const FORM_EVERY = Number(formArg ?? 5);
const ROUND = 25;
const PORT = Number(process.env.DAYWORK_PORT ?? 4454);
/** Before reading memory: let the page, its timers and WebKit's collector settle. */
const SETTLE_MS = 10_000;
/** Readings 1.5 s apart after settling; their median is what counts. */
const SAMPLES = 7;
/** A Monday morning: every same-day deadline falls inside the run. */
const START = '2026-11-30T09:00:00+08:00';
const CASE_NO = /TS-\d{8}-\d{3,}/;
const DEPARTMENT = ENGINEERING_HEAD.department;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 60_000).toFixed(1)} min`;
const say = (text) => console.error(`[${elapsed()}] ${text}`);

function findTauriDriver() {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'tauri-driver')),
    join(process.env.HOME ?? '', '.cargo', 'bin', 'tauri-driver'),
  ];
  const found = candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) throw new Error('tauri-driver not found on PATH or in ~/.cargo/bin');
  return found;
}

// ---------------------------------------------------------------- the driver and the app

const dataDir = mkdtempSync(join(tmpdir(), 'daywork-data-'));
const backupDir = mkdtempSync(join(tmpdir(), 'daywork-backups-'));
let driverLog = '';
const driver = spawn(findTauriDriver(), ['--port', String(PORT), '--native-port', String(PORT + 1)], {
  env: {
    ...process.env,
    COMPLAINTDESK_DATA_DIR: dataDir,
    COMPLAINTDESK_BACKUP_DIR: backupDir,
    COMPLAINTDESK_START_TIME: START,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
  // Its own process group: stopping it ends WebKitWebDriver, the app and WebKit's processes.
  detached: true,
});
const keepLog = (chunk) => {
  driverLog = (driverLog + chunk).slice(-20_000);
};
driver.stdout.on('data', keepLog);
driver.stderr.on('data', keepLog);

function killDriver(signal) {
  try {
    process.kill(-driver.pid, signal);
  } catch {
    // already gone
  }
}
process.on('exit', () => {
  killDriver('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(backupDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killDriver('SIGKILL');
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

async function stopAll(browser) {
  if (browser) {
    await Promise.race([browser.deleteSession().catch(() => {}), sleep(20_000)]);
  }
  const exited = driver.exitCode !== null || driver.signalCode !== null ? Promise.resolve() : once(driver, 'exit');
  killDriver('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  killDriver('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(backupDir, { recursive: true, force: true });
}

async function connect() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}\n${driverLog}`);
    try {
      await fetch(`http://127.0.0.1:${PORT}/status`, { signal: AbortSignal.timeout(1_000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`tauri-driver did not answer on port ${PORT}`);
      await sleep(200);
    }
  }
  return remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    connectionRetryTimeout: 120_000,
    waitforTimeout: 15_000,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP },
    },
  });
}

// ---------------------------------------------------------------- memory

const comm = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};
/** The app's process: under WebKitWebDriver, under tauri-driver. */
function appPid() {
  const name = APP.split('/').pop().slice(0, 15);
  const pid = tree(driver.pid).find((p) => comm(p) === name);
  if (!pid) throw new Error(`no ${name} process under tauri-driver ${driver.pid}`);
  return pid;
}
const KINDS = [
  ['web', (name) => name.startsWith('WebKitWebProces')],
  ['network', (name) => name.startsWith('WebKitNetworkPr')],
  ['app', (name) => !name.startsWith('WebKit')],
  ['other', (name) => name.startsWith('WebKit') && !/^WebKit(WebProces|NetworkPr)/.test(name)],
];
const readings = [];

/** WebKit processes of other apps (another e2e run): they share library pages with ours. */
function otherWebKits(ours) {
  const mine = new Set(ours);
  return tree(1).filter((pid) => !mine.has(pid) && comm(pid).startsWith('WebKitWebProces')).length;
}

/** What the page holds: elements, teleported poppers and dialogs, Tauri's IPC callbacks. */
function census(browser) {
  return browser.execute(() => ({
    elements: document.getElementsByTagName('*').length,
    poppers: document.querySelectorAll('.el-popper').length,
    overlays: document.querySelectorAll('.el-overlay').length,
    callbacks: window.__TAURI_INTERNALS__?.callbacks?.size ?? -1,
  }));
}

/** The screens' and Element Plus's roots: each one added to the page is watched through a WeakRef. */
const WATCHED = [
  'register-view',
  'complaint-list-view',
  'complaint-detail-view',
  'dashboard-view',
  'statistics-view',
  'settings-view',
  'safety-view',
  'gate',
  'el-dialog',
  'el-overlay',
  'el-popper',
  'el-message',
  'el-table',
  'echart',
];

function watchRoots(browser) {
  return browser.execute((classes) => {
    window.__daywork = [];
    const note = (el) => {
      for (const cls of classes) if (el.classList.contains(cls)) window.__daywork.push({ cls, ref: new WeakRef(el) });
    };
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          note(node);
          for (const el of node.querySelectorAll(classes.map((c) => `.${c}`).join(','))) note(el);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }, WATCHED);
}

/**
 * After making garbage until WebKit collects: of each watched root added during the day,
 * how many were added and how many are still in memory though off the page (a leak).
 */
async function retained(browser) {
  for (let i = 0; i < 30; i += 1) {
    await browser.execute(() => {
      const garbage = [];
      for (let j = 0; j < 300_000; j += 1) garbage.push({ j, text: `x${j}` });
      return garbage.length;
    });
    await sleep(100);
  }
  await sleep(2000);
  return browser.execute(() => {
    const out = {};
    for (const { cls, ref } of window.__daywork ?? []) {
      const el = ref.deref();
      const one = (out[cls] ??= { added: 0, detachedAlive: 0 });
      one.added += 1;
      if (el && !el.isConnected) one.detachedAlive += 1;
    }
    return out;
  });
}

/**
 * PSS and USS (MB) of the app and everything under it, in all and by kind: medians of
 * SAMPLES readings.
 */
async function measure(browser, label, complaints) {
  await sleep(SETTLE_MS);
  const dom = await census(browser);
  const samples = [];
  let others = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    if (i > 0) await sleep(1500);
    const pids = tree(appPid());
    samples.push(memory(pids));
    others = Math.max(others, otherWebKits(pids));
  }
  const byKind = (field) =>
    Object.fromEntries(
      KINDS.map(([kind, test]) => [
        kind,
        median(
          samples.map((s) => Object.entries(s[field]).reduce((sum, [name, mb]) => (test(name) ? sum + mb : sum), 0)),
        ),
      ]),
    );
  const reading = {
    label,
    complaints,
    pss: median(samples.map((s) => s.pss)),
    low: Math.min(...samples.map((s) => s.pss)),
    high: Math.max(...samples.map((s) => s.pss)),
    uss: median(samples.map((s) => s.uss)),
    rss: median(samples.map((s) => s.rss)),
    pssBy: byKind('each'),
    ussBy: byKind('eachUss'),
    names: samples.at(-1).names,
    dom,
    others,
  };
  readings.push(reading);
  const kinds = KINDS.map(([kind]) => `${kind} ${reading.pssBy[kind].toFixed(0)}`).join(', ');
  say(
    `memory ${label}: PSS ${reading.pss.toFixed(0)} MB (${kinds}), USS ${reading.uss.toFixed(0)}, ` +
      `RSS ${reading.rss.toFixed(0)}; page ${JSON.stringify(dom)}` +
      (others ? `; ${others} other WebKit web process(es) running` : ''),
  );
  return reading;
}

// ---------------------------------------------------------------- the work

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
];
const TROUBLES = [
  ['厨房水管漏水，楼下天花板受潮。', '尽快维修'],
  ['楼道灯不亮已三天，夜间出行不便。', '更换灯具'],
  ['电梯运行时有异响，乘坐不安心。', '检修电梯并说明原因'],
  ['地下车库排水沟堵塞，有积水。', '疏通排水沟'],
  ['单元门门禁失灵，外人可随意进出。', '修好门禁'],
  ['卫生间地漏返味，已影响休息。', '上门检查处理'],
];

function complaintOf(n, categories) {
  const [description, residentRequest] = TROUBLES[n % TROUBLES.length];
  const building = 1 + (n % 12);
  const room = `${building}-${1 + (n % 3)}-${String((2 + (n % 28)) * 100 + 1 + (n % 4)).padStart(4, '0')}`;
  return {
    residentName: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`,
    room,
    phone: `138${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}`,
    location: `${room} 室内`,
    description: `${description}（第 ${n} 件）`,
    residentRequest,
    category: categories[n % categories.length],
  };
}

const step = (browser, id, name, input) =>
  invokeOk(browser, 'apply_step', { id, step: input === undefined ? { step: name } : { step: name, input } });

/** Clicks a menu item and waits for something of the screen it opens. */
async function open(browser, menu, shown) {
  await click(browser, testId(menu));
  await (await browser.$(shown)).waitForDisplayed({ timeout: 30_000, timeoutMsg: `${menu} did not open ${shown}` });
}

async function toDashboard(browser) {
  await open(browser, 'menu-dashboard', testId('dashboard-refreshed'));
}

/**
 * After the room and phone: the repeat panel answers 400 ms after the typing stops and
 * pushes the form below it down; a click meant for the next field must wait for it.
 */
async function repeatsShown(browser) {
  await sleep(500);
  await (await browser.$(testId('repeat-panel'))).waitForDisplayed();
  let last = '';
  await browser.waitUntil(
    async () => {
      const rect = JSON.stringify(
        await browser.execute(() =>
          document.querySelector('[data-testid="location"]').getBoundingClientRect().toJSON(),
        ),
      );
      const still = rect === last;
      last = rect;
      return still;
    },
    { interval: 250, timeoutMsg: 'the form kept moving after the repeat search' },
  );
}

/** Types one complaint into the register form, saves it and dispatches it from the form. */
async function registerByForm(browser, c, previous) {
  if (!(await (await browser.$(testId('submit'))).isDisplayed())) {
    await open(browser, 'menu-register', testId('residentName'));
  }
  await fill(browser, 'residentName', c.residentName);
  await fill(browser, 'room', c.room);
  await fill(browser, 'phone', c.phone);
  await repeatsShown(browser);
  await fill(browser, 'location', c.location);
  await choose(browser, 'departmentId', DEPARTMENT);
  await fill(browser, 'description', c.description);
  await fill(browser, 'residentRequest', c.residentRequest);
  await choose(browser, 'categoryId', c.category.name);
  await click(browser, testId('severity-minor'));
  await click(browser, testId('submit'));
  const saved = await browser.$(testId('last-saved'));
  let caseNo = '';
  await browser.waitUntil(
    async () => {
      if (!(await saved.isDisplayed())) return false;
      caseNo = (await visibleText(browser, saved)).match(CASE_NO)?.[0] ?? '';
      return caseNo !== '' && caseNo !== previous;
    },
    { timeout: 15_000, timeoutMsg: `the form was not saved: ${(await shownErrors(browser)).join(' / ')}` },
  );
  const href = await (await browser.$(testId('last-saved-open'))).getAttribute('href');
  const id = Number(/complaints\/(\d+)/.exec(href)?.[1]);
  // The dispatch dialog follows the save (立即派发 opens it again once it is closed).
  await fill(browser, 'step-recipient', ENGINEERING_HEAD.displayName);
  await click(browser, testId('dialog-submit'));
  await (
    await browser.$(testId('last-dispatched'))
  ).waitForDisplayed({
    timeoutMsg: `${caseNo} was not dispatched: ${(await shownErrors(browser)).join(' / ')}`,
  });
  return { id, caseNo };
}

async function registerByInvoke(browser, c, departmentId) {
  const row = await invokeOk(browser, 'register_complaint', {
    input: registrationInput(c, departmentId, c.category.id),
  });
  await step(browser, row.id, 'dispatch', { departmentId: null, recipient: ENGINEERING_HEAD.displayName });
  return { id: row.id, caseNo: row.caseNo };
}


/** The administrator's screens: data safety and every tab of settings. */
async function adminScreens(browser) {
  await open(browser, 'menu-safety', testId('audit-table'));
  await open(browser, 'menu-settings', '#tab-general');
  for (const tab of ['departments', 'users', 'categories', 'policy', 'general']) {
    await click(browser, `#tab-${tab}`);
    await sleep(300);
  }
}

async function statistics(browser) {
  await open(browser, 'menu-statistics', testId('stat-total'));
  await (await browser.$(testId('chart-trend'))).waitForDisplayed();
}

/** One round: `from` … `to` - 1 (counted from 0) registered and taken to the archive. */
async function round(browser, from, to, ctx) {
  const cases = [];
  for (let n = from; n < to; n += 1) {
    const c = complaintOf(n, ctx.categories);
    const done =
      n % FORM_EVERY === 0
        ? await registerByForm(browser, c, cases.at(-1)?.caseNo ?? ctx.lastFormCase)
        : await registerByInvoke(browser, c, ctx.departmentId);
    if (n % FORM_EVERY === 0) ctx.lastFormCase = done.caseNo;
    await step(browser, done.id, 'addHandlingNote', { note: '已通知维修班组上门。' });
    cases.push(done);
  }

  // The department head: the first from the dashboard's queue, in the dialog.
  await logIn(browser, ENGINEERING_HEAD);
  const first = cases[0];
  const row = await browser.$(`${testId('queue-inHandling')} ${testId(`dash-row-${first.caseNo}`)}`);
  await row.waitForDisplayed({ timeoutMsg: `${first.caseNo} is not in the head's inHandling queue` });
  await click(browser, row);
  await waitForDetail(browser, first.caseNo);
  await act(browser, 'markHandled', () => fill(browser, 'step-result', '已上门处理完毕，住户确认。'));
  for (const c of cases.slice(1)) await step(browser, c.id, 'markHandled', { result: '已上门处理完毕。' });

  // The supervisor: the last from the list, through the dialogs; the rest by invoke.
  await logIn(browser, SUPERVISOR);
  const last = cases.at(-1);
  for (const c of cases.slice(0, -1)) {
    await step(browser, c.id, 'logFormReturn');
    await step(browser, c.id, 'notifyResident', { method: 'phone', response: '住户表示认可。' });
    await step(browser, c.id, 'callback', SATISFIED_CALLBACK);
    await step(browser, c.id, 'archive');
  }
  await open(browser, 'menu-list', testId(`row-${last.caseNo}`));
  await click(browser, testId(`row-${last.caseNo}`));
  await waitForDetail(browser, last.caseNo);
  await act(browser, 'logFormReturn');
  await act(browser, 'notifyResident', () => fill(browser, 'step-response', '住户表示认可。'));
  await act(browser, 'callback', async () => {
    await click(browser, testId('step-attitude-satisfied'));
    await click(browser, testId('step-conduct-satisfied'));
    await click(browser, testId('step-result-satisfied'));
  });
  await act(browser, 'archive');

  const index = to / ROUND;
  if (index % 4 === 0) await statistics(browser);
  if (index % 10 === 0) {
    await logIn(browser, ADMIN);
    await adminScreens(browser);
    await logIn(browser, SUPERVISOR);
  }
}

/** Every screen the administrator and the supervisor have; ends with the supervisor on the dashboard. */
async function everyScreen(browser) {
  await logIn(browser, ADMIN);
  await open(browser, 'menu-list', testId('list-total'));
  await statistics(browser);
  await adminScreens(browser);
  await toDashboard(browser);
  await logIn(browser, SUPERVISOR);
  await open(browser, 'menu-register', testId('residentName'));
  await open(browser, 'menu-list', testId('list-total'));
  await statistics(browser);
  await toDashboard(browser);
}

// ---------------------------------------------------------------- the run

let browser;
let failed = false;
let retainedLine = '';
try {
  browser = await connect();
  say(`app ${APP}, data ${dataDir}`);
  await setUpCenter(browser);
  await measure(browser, 'login screen', 0);
  await watchRoots(browser);

  await logIn(browser, ADMIN);
  await createUsers(browser, [SUPERVISOR, ENGINEERING_HEAD]);
  const departmentId = (await invokeOk(browser, 'list_departments')).find((d) => d.name === DEPARTMENT).id;
  const categories = (await invokeOk(browser, 'list_categories')).filter((c) => c.active);
  const ctx = { departmentId, categories, lastFormCase: '' };
  await everyScreen(browser);
  await measure(browser, 'every screen opened', 0);

  for (let from = 0; from < COMPLAINTS; from += ROUND) {
    const to = Math.min(from + ROUND, COMPLAINTS);
    await round(browser, from, to, ctx);
    say(`${to} complaints`);
    if (to % CHECK === 0 || to === COMPLAINTS) {
      await toDashboard(browser);
      await measure(browser, `after ${to}`, to);
    }
  }

  const kept = await retained(browser);
  say(`watched roots, after making garbage: ${JSON.stringify(kept)}`);
  const leaked = Object.entries(kept).filter(([, one]) => one.detachedAlive > 0);
  retainedLine =
    `of the screens, dialogs, poppers, toasts, tables and charts added to the page (` +
    `${Object.values(kept).reduce((sum, one) => sum + one.added, 0)}), still in memory off the page after a collection: ` +
    (leaked.length ? leaked.map(([cls, one]) => `${cls} ${one.detachedAlive} of ${one.added}`).join(', ') : 'none');

  // What a reload gives back is what the page's own world held (its JavaScript and DOM,
  // and the driver's references into them); what it does not is WebKit's and the app's.
  await browser.execute(() => window.location.reload());
  await browser.waitUntil(
    async () =>
      (await (await browser.$(testId('current-user'))).isDisplayed().catch(() => false)) ||
      (await (await browser.$(testId('login-title'))).isDisplayed().catch(() => false)),
    { timeout: 30_000, timeoutMsg: 'the page did not come back after reloading' },
  );
  await everyScreen(browser);
  await measure(browser, 'reloaded, every screen', COMPLAINTS);

  // What the day left in the file: every complaint archived.
  const states = execFileSync(
    'sqlite3',
    [join(dataDir, 'complaintdesk.db'), 'select state, count(*) from complaints group by state'],
    { encoding: 'utf8' },
  );
  say(`complaints by state: ${states.trim().replace(/\n/g, ', ')}`);
} catch (error) {
  failed = true;
  console.error(error);
  console.error(`driver log (end):\n${driverLog.slice(-3000)}`);
  if (browser) {
    const shot = join(tmpdir(), 'daywork-failure.png');
    await captureWindow(browser, shot).then(
      () => console.error(`screenshot: ${shot}`),
      () => {},
    );
    await census(browser).then(
      (dom) => console.error(`the page: ${JSON.stringify(dom)}`),
      () => {},
    );
  }
} finally {
  await stopAll(browser);
}

// ---------------------------------------------------------------- the report

const mb = (x) => x.toFixed(0);
const signed = (x) => (x >= 0 ? '+' : '') + x.toFixed(0);
if (readings.length > 0) {
  console.log(`app: ${APP}; processes: ${readings.at(-1).names.join(', ')}`);
  console.log(
    `run: ${elapsed()}; one complaint in ${FORM_EVERY} typed into the form; MB, median of ${SAMPLES} readings ` +
      `${SETTLE_MS / 1000} s after the last click, [lowest–highest] PSS`,
  );
  for (const r of readings) {
    const kinds = KINDS.map(([kind]) => `${kind} ${mb(r.pssBy[kind])}`).join(' ');
    console.log(
      `${r.label.padEnd(24)} PSS ${mb(r.pss).padStart(4)} [${mb(r.low)}–${mb(r.high)}] (${kinds})` +
        `  USS ${mb(r.uss)}  RSS ${mb(r.rss)}  page: ${r.dom.elements} elements, ${r.dom.callbacks} IPC callbacks` +
        (r.others ? `  (${r.others} other WebKit web processes running: PSS shared with them)` : ''),
    );
  }
  const bare = readings.find((r) => r.label === 'login screen');
  const screens = readings.find((r) => r.label === 'every screen opened');
  const first = readings.find((r) => r.complaints === CHECK && r.label.startsWith('after'));
  const lastCheck = readings.filter((r) => r.label.startsWith('after')).at(-1);
  const reloaded = readings.find((r) => r.label.startsWith('reloaded'));
  if (bare && screens && first && lastCheck && lastCheck !== first) {
    const n = lastCheck.complaints;
    const rows = [
      ['PSS', (r) => r.pss],
      ...KINDS.filter(([kind]) => readings.some((r) => r.pssBy[kind] > 0.5)).map(([kind]) => [
        `PSS ${kind}`,
        (r) => r.pssBy[kind],
      ]),
      ['USS', (r) => r.uss],
      ['USS web', (r) => r.ussBy.web],
    ];
    const cells = (of) => [bare, screens, first, lastCheck].map((r) => mb(of(r)));
    console.log(
      `\n| MB | login screen | every screen opened | after ${CHECK} | after ${n} | ${n} − ${CHECK} |` +
        (reloaded ? ' reloaded, every screen |' : ''),
    );
    console.log(`|---|---|---|---|---|---|${reloaded ? '---|' : ''}`);
    for (const [what, of] of rows) {
      console.log(
        `| ${what} | ${cells(of).join(' | ')} | ${signed(of(lastCheck) - of(first))} |` +
          (reloaded ? ` ${mb(of(reloaded))} |` : ''),
      );
    }
    if (retainedLine) console.log(`\n${retainedLine}`);
    const checks = readings.filter((r) => r.label.startsWith('after'));
    if (checks.length >= 3) {
      const per100 = (of) => (slope(checks.map((r) => [r.complaints, of(r)])) * 100).toFixed(1);
      console.log(
        `\ntrend over the ${checks.length} checks from ${CHECK} to ${n}, MB per 100 complaints: ` +
          `PSS ${per100((r) => r.pss)} (web ${per100((r) => r.pssBy.web)}, app ${per100((r) => r.pssBy.app)}), ` +
          `USS ${per100((r) => r.uss)}`,
      );
    }
  }
}
process.exit(failed ? 1 : 0);

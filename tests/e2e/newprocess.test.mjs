// A logout at a desk (no WebDriver) opens the login page in a new WebKit web process: the
// old one ends with everything the last user's screens left in it, and the next user
// works in the new one. Driven through WebKit's remote inspector, since WebKitWebDriver
// ends its session with the web process (under WebDriver the page reloads in its own
// process instead: doors.test.mjs).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startInspectedApp } from './harness.mjs';
import { logOutAfresh, newWebProcess, openInspector, setUpCenter, webProcess } from './inspector.mjs';
import { ADMIN, RECEPTIONIST } from './people.mjs';
import { createUsersBy } from './session.mjs';

const PORT = Number(process.env.E2E_INSPECTOR_PORT ?? 9345);
/** The app's log in its data folder (src-tauri/src/log.rs). */
const LOG_FILE = 'complaintdesk.log';

/** Who the header says is logged in. */
const shownUser = (page) => page.inPage(`return document.querySelector('[data-testid="current-user"]').textContent;`);

describe('a logout without WebDriver', { timeout: 240_000 }, () => {
  let desk;
  let page;

  before(async () => {
    desk = await startInspectedApp(PORT);
    page = await openInspector(PORT);
    await setUpCenter(page);
    await page.inPage(`await logIn(args[0]);`, ADMIN);
    await createUsersBy(page.invoke, [RECEPTIONIST]);
  });

  after(async () => {
    page?.close();
    await desk?.stop();
  });

  it('keeps the page while someone is logged in', async () => {
    const web = webProcess(desk.app.pid);
    const answer = await page.inPage(
      `try { return 'let through: ' + (await invoke('open_login_in_new_process')); }
       catch (refused) { return refused.kind; }`,
    );
    assert.equal(answer, 'invalidState');
    assert.equal(webProcess(desk.app.pid), web, 'the same web process');
    assert.match(await shownUser(page), /李主任/);
  });

  it('opens the login page in a new web process at 退出登录, where the next user works', async () => {
    await page.inPage(`window.lastUsersPage = true;`);
    const { before: old, after: fresh } = await logOutAfresh(page, desk.app.pid);

    assert.ok(fresh !== undefined && fresh !== old, 'a new web process');
    assert.equal(existsSync(`/proc/${old}`), false, 'the old web process has ended');
    assert.equal(await page.inPage(`return window.lastUsersPage === undefined;`), true, 'a new page');
    assert.equal(await page.inPage(`return window.location.hash;`), '#/login');
    const state = await page.inPage(`return invoke('session_state');`);
    assert.equal(state.user, null, 'nobody is logged in');

    // The next user logs in on the new page, and the backend answers it.
    await page.inPage(`await logIn(args[0]);`, RECEPTIONIST);
    assert.match(await shownUser(page), /林晓/);
    const who = await page.inPage(`return invoke('current_user');`);
    assert.equal(who.username, RECEPTIONIST.username);
  });

  it('brings the page back when its web process dies, and the user is still logged in', async () => {
    await page.inPage(`window.beforeTheCrash = true;`);
    const old = webProcess(desk.app.pid);
    process.kill(old, 'SIGKILL');
    const fresh = await newWebProcess(desk.app.pid, old);
    assert.ok(fresh !== undefined && fresh !== old, 'a new web process');
    await page.reconnect();
    await page.pageShows('current-user');
    assert.equal(await page.inPage(`return window.beforeTheCrash === undefined;`), true, 'a new page');
    assert.match(await shownUser(page), /林晓/);
    assert.equal(desk.app.exitCode, null, 'the app runs on');
    const log = readFileSync(join(desk.dataDir, 'logs', LOG_FILE), 'utf8');
    assert.match(log, /web process ended \(Crashed\); the page is loaded again in 0 s/);
  });

  it('does the same from the lock screen’s 切换用户', async () => {
    await page.inPage(
      `document.querySelector('[data-testid="lock-now"]').click();
       await shown('[data-testid="lock-overlay"]');`,
    );
    const old = webProcess(desk.app.pid);
    await page.inPage(`setTimeout(() => document.querySelector('[data-testid="switch-user"]').click(), 50);`);
    const fresh = await newWebProcess(desk.app.pid, old);
    assert.ok(fresh !== undefined && fresh !== old, 'a new web process');
    await page.reconnect();
    await page.pageShows('login-title');
    const state = await page.inPage(`return invoke('session_state');`);
    assert.equal(state.user, null, 'the locked user is logged out');
    assert.equal(state.locked, false);
    await page.inPage(`await logIn(args[0]);`, ADMIN);
    assert.match(await shownUser(page), /李主任/);
  });

  it('waits a minute before it loads the page again after a second crash', async () => {
    // The crash above was the last time: a second one within the minute waits for it.
    const old = webProcess(desk.app.pid);
    process.kill(old, 'SIGKILL');
    await new Promise((done) => setTimeout(done, 3000));
    assert.equal(webProcess(desk.app.pid), undefined, 'no web process yet');
    assert.equal(desk.app.exitCode, null, 'the app runs on');
    const log = readFileSync(join(desk.dataDir, 'logs', LOG_FILE), 'utf8');
    const waits = [...log.matchAll(/web process ended \(Crashed\); the page is loaded again in (\d+) s/g)].map(
      (match) => Number(match[1]),
    );
    assert.equal(waits.length, 2, log);
    assert.ok(waits[1] > 30 && waits[1] <= 60, `the second waits out the minute: ${waits[1]} s`);
  });
});

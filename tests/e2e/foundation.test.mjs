// First day at a new service center: set up, log in, register a complaint, find it in
// the list and in the database file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { choose, click, errorToasts, fieldError, fill, shownErrors, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, startApp } from './harness.mjs';
import { chooseAlone } from './session.mjs';

const CENTER = '阳光花园物业服务中心';
const ADMIN = { username: 'admin', password: 'Admin@12345', displayName: '李主任' };
const CLERK = { username: 'jiedai', password: 'Jiedai@2026', displayName: '林晓', role: 'receptionist' };
const COMPLAINT = {
  residentName: '张三',
  room: '3-2-1201',
  phone: '13800138000',
  location: '3-2-1201 厨房',
  department: '工程维修部',
  category: '维修',
  description: '厨房水管漏水，已持续两天，楼下住户天花板受潮。',
  residentRequest: '尽快维修',
};
const CASE_NO = /TS-\d{8}-\d{3}/;

describe('foundation', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let caseNo;

  before(async () => {
    app = await startApp();
    browser = app.browser;
  });

  after(async () => {
    if (browser) await screenshot(browser, 'foundation-last');
    await app?.stop();
  });

  it('asks for first-run setup on an empty data directory', async () => {
    // How the desk is used comes first: alone, or on the center's server.
    await (await browser.$(testId('use-server'))).waitForDisplayed({ timeout: 30_000 });
    // The language choice outlives the data directory (it is kept by the webview).
    await click(browser, testId('language-zh-CN'));
    await screenshot(browser, 'foundation-00-choice');
    await chooseAlone(browser);
    await screenshot(browser, 'foundation-01-setup');
    await fill(browser, 'centerName', CENTER);
    await fill(browser, 'adminUsername', ADMIN.username);
    await fill(browser, 'adminDisplayName', ADMIN.displayName);
    await fill(browser, 'adminPassword', ADMIN.password);
    await fill(browser, 'adminPasswordConfirm', ADMIN.password);
    await click(browser, testId('setup-submit'));

    await browser.waitUntil(async () => (await textOf(browser, 'login-title')) === CENTER, {
      timeoutMsg: 'the login page did not show the center name',
    });
    await screenshot(browser, 'foundation-02-login');
  });

  it('logs in with Enter', async () => {
    await fill(browser, 'username', ADMIN.username);
    await fill(browser, 'password', ADMIN.password);
    await browser.keys(Key.Enter);

    const user = await textOf(browser, 'current-user');
    assert.match(user, new RegExp(ADMIN.displayName));
    assert.match(user, /系统管理员/);
    assert.equal(await textOf(browser, 'center-name'), CENTER);
  });

  it('lets the administrator add a receptionist, who logs in', async () => {
    // Only the backend decides who may register: the administrator may not.
    const created = await browser.execute(async (clerk) => {
      const invoke = (cmd, args) => window.__TAURI_INTERNALS__.invoke(cmd, args);
      const input = { ...clerk, departmentId: null };
      return invoke('create_user', { input }).then(
        (user) => ({ ok: user }),
        (error) => ({ error }),
      );
    }, CLERK);
    assert.deepEqual(created.error, undefined);
    assert.equal(created.ok.role, 'receptionist');
    const refused = await browser.execute(async () =>
      window.__TAURI_INTERNALS__.invoke('register_complaint', { input: {} }).then(
        () => null,
        (error) => error,
      ),
    );
    assert.ok(refused, 'a malformed call is refused');

    // Logging out opens the login page as a new page: nothing of the old one is kept.
    await browser.execute(() => (window.lastUsersPage = true));
    await click(browser, testId('logout'));
    await (await browser.$(testId('login-title'))).waitForDisplayed();
    assert.equal(await browser.execute(() => window.lastUsersPage ?? null), null, 'the page was not loaded afresh');
    await fill(browser, 'username', CLERK.username);
    await fill(browser, 'password', CLERK.password);
    await browser.keys(Key.Enter);
    const user = await textOf(browser, 'current-user');
    assert.match(user, new RegExp(CLERK.displayName));
    assert.match(user, /接待员/);
  });

  it('shows the backend error under the resident name when an empty form is saved', async () => {
    await click(browser, testId('menu-register'));
    await click(browser, testId('submit'));

    const shown = await browser
      .waitUntil(async () => (await fieldError(browser, 'residentName')) !== '')
      .catch(() => false);
    await screenshot(browser, 'foundation-03-empty-form');
    if (!shown) assert.fail(`no error under the resident name; the app showed: ${(await shownErrors(browser)).join(' / ')}`);
  });

  it('registers a complaint', async () => {
    await fill(browser, 'residentName', COMPLAINT.residentName);
    await fill(browser, 'room', COMPLAINT.room);
    await fill(browser, 'phone', COMPLAINT.phone);
    await fill(browser, 'location', COMPLAINT.location);
    await choose(browser, 'departmentId', COMPLAINT.department);
    await fill(browser, 'description', COMPLAINT.description);
    await fill(browser, 'residentRequest', COMPLAINT.residentRequest);
    await choose(browser, 'categoryId', COMPLAINT.category);
    await click(browser, testId('severity-minor'));
    await screenshot(browser, 'foundation-04-filled');
    // Let the toast of the empty-form save fade, so that an error toast seen next is new.
    await browser.waitUntil(async () => (await errorToasts(browser)).length === 0, {
      timeoutMsg: 'an earlier error message did not go away',
    });
    await click(browser, testId('submit'));

    // Either the new case number appears, or the refusal is reported with its text.
    const lastSaved = await browser.$(testId('last-saved'));
    let refused = false;
    await browser.waitUntil(
      async () => {
        refused = (await errorToasts(browser)).length > 0;
        return refused || ((await lastSaved.isDisplayed()) && CASE_NO.test(await visibleText(browser, lastSaved)));
      },
      { timeoutMsg: 'neither a case number nor an error was shown after saving' },
    );
    if (refused) {
      await screenshot(browser, 'foundation-05-refused');
      assert.fail(`the app refused the complaint: ${(await shownErrors(browser)).join(' / ')}`);
    }
    caseNo = (await visibleText(browser, lastSaved)).match(CASE_NO)[0];
    assert.match(caseNo, /^TS-\d{8}-001$/);
    assert.equal(await (await browser.$(testId('residentName'))).getValue(), '', 'the form is cleared after saving');
    // 立即派发 opens by itself after a save; this test leaves the dispatch for later.
    const cancel = await browser.$(testId('dialog-cancel'));
    await cancel.waitForDisplayed({ timeoutMsg: 'the dispatch dialog did not open after saving' });
    await screenshot(browser, 'foundation-05-saved');
    await cancel.click();
    await cancel.waitForDisplayed({ reverse: true, timeoutMsg: 'the dispatch dialog did not close' });
  });

  it('finds the complaint in the list', async () => {
    assert.ok(caseNo, 'a complaint was registered');
    await click(browser, testId('menu-list'));

    const cell = await browser.$(testId(`row-${caseNo}`));
    await cell.waitForDisplayed();
    const row = await cell.$('./ancestor::tr');
    const text = await visibleText(browser, row);
    assert.match(text, new RegExp(COMPLAINT.residentName));
    assert.match(text, new RegExp(COMPLAINT.room));
    assert.match(text, new RegExp(COMPLAINT.department));
    const count = execFileSync('sqlite3', [app.dbPath, 'select count(*) from complaints'], { encoding: 'utf8' }).trim();
    assert.equal(await textOf(browser, 'list-total'), `共 ${count} 条`);
    await screenshot(browser, 'foundation-06-list');
    // A center set up by hand is its own desk: no 演示数据 badge.
    assert.equal(await (await browser.$(testId('demo-badge'))).isExisting(), false);
  });

  it('has written it to the database file', () => {
    assert.ok(caseNo, 'a complaint was registered');
    const output = execFileSync('sqlite3', ['-json', app.dbPath, 'select case_no, resident_name, room from complaints'], {
      encoding: 'utf8',
    });
    const rows = output.trim() === '' ? [] : JSON.parse(output);
    assert.deepEqual(
      rows.filter((row) => row.case_no === caseNo),
      [{ case_no: caseNo, resident_name: COMPLAINT.residentName, room: COMPLAINT.room }],
    );
  });
});

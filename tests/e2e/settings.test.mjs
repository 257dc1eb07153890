// The administrator's first morning: center name and idle lock, a new department with
// its head, users (created, disabled, password reset — never deleted), categories, a
// new deadline-policy version and the appraisal targets. Then the desk itself: a disabled user stays out, the
// settings stay hidden from others, and the lock screen works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { choose, click, fieldError, fill, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, screenshotBothWidths, startApp } from './harness.mjs';
import { ADMIN, CENTER } from './people.mjs';
import { invokeOk, logIn, setUpCenter } from './session.mjs';

const START = '2026-11-30T09:00:00+08:00';
const CLUB_HEAD = { username: 'huisuo', displayName: '陈静', password: 'Huisuo@2026', newPassword: 'Huisuo@2027' };
const TEMP_CLERK = { username: 'xiaowang', displayName: '王芳', password: 'Xiaowang@2026' };

/** The text of the table row holding the element with this test id. */
async function rowText(browser, id) {
  const cell = await browser.$(testId(id));
  await cell.waitForDisplayed();
  return visibleText(browser, await cell.$('./ancestor::tr'));
}

async function clickInRow(browser, id, button) {
  const cell = await browser.$(testId(id));
  await cell.waitForDisplayed();
  await click(browser, await (await cell.$('./ancestor::tr')).$(testId(button)));
}

async function openTab(browser, name) {
  await click(browser, `#tab-${name}`);
}

describe('settings', { timeout: 300_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
  });

  after(async () => {
    if (browser) await screenshot(browser, 'settings-last');
    await app?.stop();
  });

  it('renames the center and sets the idle lock', async () => {
    await click(browser, testId('menu-settings'));
    await fill(browser, 'setting-centerName', `${CENTER}（南区）`);
    await fill(browser, 'setting-idleLockMinutes', '5');
    await click(browser, testId('settings-save'));
    await browser.waitUntil(async () => (await textOf(browser, 'center-name')) === `${CENTER}（南区）`, {
      timeoutMsg: 'the header did not show the new center name',
    });
    const saved = await invokeOk(browser, 'get_settings');
    assert.equal(saved.idleLockMinutes, 5);
  });

  it('adds a department, and a department head who becomes its head', async () => {
    await openTab(browser, 'departments');
    await click(browser, testId('department-add'));
    await fill(browser, 'department-name', '会所管理部');
    await click(browser, testId('dialog-submit'));
    assert.match(await rowText(browser, 'department-row-会所管理部'), /未指定/);

    await openTab(browser, 'users');
    await click(browser, testId('user-add'));
    await fill(browser, 'user-username', CLUB_HEAD.username);
    await fill(browser, 'user-displayName', CLUB_HEAD.displayName);
    await choose(browser, 'user-role', '部门主管');
    await choose(browser, 'user-departmentId', '会所管理部');
    await fill(browser, 'user-password', CLUB_HEAD.password);
    await click(browser, testId('dialog-submit'));
    assert.match(await rowText(browser, `user-row-${CLUB_HEAD.username}`), /陈静\s+部门主管\s+会所管理部\s+正常/);

    await click(browser, testId('user-add'));
    await fill(browser, 'user-username', TEMP_CLERK.username);
    await fill(browser, 'user-displayName', TEMP_CLERK.displayName);
    await fill(browser, 'user-password', 'short');
    await click(browser, testId('dialog-submit'));
    await browser.waitUntil(async () => (await fieldError(browser, 'password')) !== '', {
      timeoutMsg: 'a short password was not refused under its field',
    });
    assert.match(await fieldError(browser, 'password'), /密码至少需要 8 个字符/);
    await fill(browser, 'user-password', TEMP_CLERK.password);
    await click(browser, testId('dialog-submit'));
    assert.match(await rowText(browser, `user-row-${TEMP_CLERK.username}`), /王芳\s+接待员/);

    await openTab(browser, 'departments');
    assert.match(await rowText(browser, 'department-row-会所管理部'), /陈静/);
    await clickInRow(browser, 'department-row-会所管理部', 'department-edit');
    await fill(browser, 'department-name', '会所服务部');
    await click(browser, testId('dialog-submit'));
    assert.match(await rowText(browser, 'department-row-会所服务部'), /陈静\s+启用中/);
    await clickInRow(browser, 'department-row-会所服务部', 'department-toggle');
    await browser.waitUntil(async () => /已停用/.test(await rowText(browser, 'department-row-会所服务部')));
  });

  it('disables a user and resets a password, deleting no one', async () => {
    await openTab(browser, 'users');
    await clickInRow(browser, `user-row-${TEMP_CLERK.username}`, 'user-toggle');
    await browser.waitUntil(async () => /已停用/.test(await rowText(browser, `user-row-${TEMP_CLERK.username}`)), {
      timeoutMsg: 'the user was not disabled',
    });
    await clickInRow(browser, `user-row-${CLUB_HEAD.username}`, 'user-reset');
    await fill(browser, 'reset-password', CLUB_HEAD.newPassword);
    await click(browser, testId('dialog-submit'));
    await (await browser.$(testId('reset-password'))).waitForExist({ reverse: true });
    const users = await invokeOk(browser, 'list_users');
    assert.deepEqual(
      users.map((user) => [user.username, user.active]),
      [
        ['admin', true],
        [CLUB_HEAD.username, true],
        [TEMP_CLERK.username, false],
      ],
    );
  });

  it('adds, renames and retires a category', async () => {
    await openTab(browser, 'categories');
    await click(browser, testId('category-add'));
    await fill(browser, 'category-name', '电梯');
    await click(browser, testId('dialog-submit'));
    await clickInRow(browser, 'category-row-电梯', 'category-edit');
    await fill(browser, 'category-name', '电梯故障');
    await click(browser, testId('dialog-submit'));
    await clickInRow(browser, 'category-row-电梯故障', 'category-toggle');
    await browser.waitUntil(async () => /已停用/.test(await rowText(browser, 'category-row-电梯故障')), {
      timeoutMsg: 'the category was not retired',
    });
  });

  it('saves the deadline policy as a new version', async () => {
    await openTab(browser, 'policy');
    assert.match(await textOf(browser, 'policy-current'), /当前为第 1 版/);
    await click(browser, testId('policy-timeZone'));
    const zones = await browser.execute(() =>
      Array.from(document.querySelectorAll('.dropdown-policy-timeZone .el-select-dropdown__item')).map((item) =>
        item.innerText.trim(),
      ),
    );
    for (const zone of ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi']) {
      assert.ok(
        zones.some((label) => label.includes(zone)),
        `${zone} is offered (${zones})`,
      );
    }
    await browser.keys('Escape');
    await (await browser.$('.dropdown-policy-timeZone')).waitForDisplayed({ reverse: true });
    await fill(browser, 'policy-dispatchMinutes', '15');
    await click(browser, testId('policy-save'));
    await browser.waitUntil(async () => /当前为第 2 版/.test(await textOf(browser, 'policy-current')), {
      timeoutMsg: 'no second version',
    });
    assert.match(await rowText(browser, 'policy-version-2'), /派发 15 分钟/);
    assert.match(await rowText(browser, 'policy-version-1'), /派发 10 分钟/);
    await browser.execute(() => {
      document.querySelector('.main-layout__main').scrollTop = 0;
    });
    await browser.waitUntil(async () => (await browser.$$('.el-message')).length === 0, {
      timeout: 8_000,
      timeoutMsg: 'the saved messages did not go away',
    });
    await screenshot(browser, 'settings', { docs: 'settings' });
  });

  it('sets the appraisal targets, refusing a line above its target on its row', async () => {
    await openTab(browser, 'targets');
    // The seed's targets: satisfaction 85 % with its 80 % line, each deadline 95 % / 90 %.
    const value = async (id) => (await browser.$(`${testId(id)} input`)).getValue();
    assert.equal(await value('target-satisfaction-target'), '85.0');
    assert.equal(await value('target-satisfaction-line'), '80.0');
    assert.equal(await value('target-dispatch-target'), '95.0');

    await fill(browser, 'target-satisfaction-line', '90');
    await click(browser, testId('targets-save'));
    await browser.waitUntil(async () => (await fieldError(browser, 'targets.satisfaction')) !== '', {
      timeoutMsg: 'a line above its target was not refused on its row',
    });
    assert.equal(await fieldError(browser, 'targets.satisfaction'), '满意率目标的不合格线不能高于目标值');
    assert.equal(await fieldError(browser, 'targets.dispatch'), '', 'the other rows say nothing');
    assert.deepEqual((await invokeOk(browser, 'targets')).satisfaction, { target: 85, line: 80 }, 'nothing was saved');
    await screenshotBothWidths(browser, 'settings-targets-refused', () =>
      browser.execute(() => {
        document.querySelector('.main-layout__main').scrollTop = 0;
      }),
    );

    await fill(browser, 'target-satisfaction-line', '82.5');
    await fill(browser, 'target-dispatch-target', '98');
    await click(browser, testId('targets-save'));
    await browser.waitUntil(async () => (await fieldError(browser, 'targets.satisfaction')) === '', {
      timeoutMsg: 'the refusal stayed after a valid save',
    });
    await browser.waitUntil(async () => (await invokeOk(browser, 'targets')).satisfaction.line === 82.5, {
      timeoutMsg: 'the targets were not saved',
    });
    const saved = await invokeOk(browser, 'targets');
    assert.deepEqual(saved.satisfaction, { target: 85, line: 82.5 });
    assert.deepEqual(
      saved.onTime.find((row) => row.kind === 'dispatch'),
      { kind: 'dispatch', target: 98, line: 90 },
    );
    assert.equal(saved.onTime.length, 8, 'every deadline kept its target');

    // Opened again, the page shows what was saved.
    await click(browser, testId('menu-dashboard'));
    await click(browser, testId('menu-settings'));
    await openTab(browser, 'targets');
    await browser.waitUntil(async () => (await value('target-satisfaction-line')) === '82.5', {
      timeoutMsg: 'the saved line was not shown again',
    });
    assert.equal(await value('target-dispatch-target'), '98.0');
    await openTab(browser, 'policy');
  });

  it('reads in English, Element Plus included, and back in Chinese', async () => {
    await click(browser, testId('language-en-US'));
    assert.equal(await textOf(browser, 'menu-settings'), 'Settings');
    assert.equal(await visibleText(browser, await browser.$('#tab-policy')), 'Deadline policy');
    assert.match(await textOf(browser, 'policy-current'), /Version 2 is in force/);
    await openTab(browser, 'users');
    await click(browser, testId('user-add'));
    await click(browser, testId('user-departmentId'));
    // Element Plus's own words follow the switch too.
    assert.equal(await browser.execute(() => document.documentElement.lang), 'en-US');
    await screenshot(browser, 'settings-en');
    await browser.keys('Escape');
    await click(browser, testId('dialog-cancel'));
    await click(browser, testId('language-zh-CN'));
    assert.equal(await textOf(browser, 'menu-settings'), '系统设置');
  });

  it('keeps a disabled user out, and the settings from everyone but the administrator', async () => {
    await click(browser, testId('logout'));
    await fill(browser, 'username', TEMP_CLERK.username);
    await fill(browser, 'password', TEMP_CLERK.password);
    await click(browser, testId('login-submit'));
    await (await browser.$(testId('login-error'))).waitForDisplayed({ timeoutMsg: 'a disabled user got in' });

    await logIn(browser, { ...CLUB_HEAD, password: CLUB_HEAD.newPassword });
    assert.equal(await (await browser.$(testId('menu-settings'))).isExisting(), false);
    await browser.execute(() => {
      window.location.hash = '#/settings';
    });
    await (await browser.$(testId('queue-inHandling'))).waitForDisplayed({ timeoutMsg: 'the settings page opened' });
  });

  it('locks and unlocks the desk, and shows the lock when the backend has locked', async () => {
    await click(browser, testId('lock-now'));
    await (await browser.$(testId('lock-overlay'))).waitForDisplayed();
    assert.match(await textOf(browser, 'lock-user'), /陈静\s*部门主管/);
    await fill(browser, 'unlock-password', 'wrong-password');
    await click(browser, testId('unlock-submit'));
    await browser.waitUntil(async () => (await fieldError(browser, 'unlock-password')) !== '', {
      timeoutMsg: 'a wrong password said nothing',
    });
    await screenshot(browser, 'settings-lock');
    await fill(browser, 'unlock-password', CLUB_HEAD.newPassword);
    await click(browser, testId('unlock-submit'));
    await (await browser.$(testId('lock-overlay'))).waitForExist({ reverse: true });

    // The backend locked on its own (its idle timer): the next call shows the lock screen.
    await invokeOk(browser, 'lock_session');
    await click(browser, testId('menu-list'));
    await (
      await browser.$(testId('lock-overlay'))
    ).waitForDisplayed({ timeoutMsg: 'a locked refusal did not lock the screen' });
    // The login page after 切换用户 is a new page: nothing of the old one is kept.
    await browser.execute(() => (window.lastUsersPage = true));
    await click(browser, testId('switch-user'));
    await (await browser.$(testId('login-title'))).waitForDisplayed();
    assert.equal(await browser.execute(() => window.lastUsersPage ?? null), null, 'the page was not loaded afresh');
    assert.equal(await (await browser.$(testId('lock-overlay'))).isExisting(), false);
    assert.equal(await (await browser.$(testId('current-user'))).isExisting(), false);
  });
});

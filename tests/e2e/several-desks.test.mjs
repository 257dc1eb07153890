// Two desks on the center's server at once: two app windows, each with its own data
// folder, on one PostgreSQL database that `complaint-desk server-setup` set up. A
// complaint registered at one desk reaches the other's dashboard within 2 s, without a
// reload; when both open it and dispatch, the first wins and the second is told that
// another desk updated it, and sees the dispatch.
//
// The database lives on the throwaway cluster `scripts/with-postgres.sh` starts (`make
// test` runs the end-to-end tests inside it); without one this file says so and passes,
// unless COMPLAINTDESK_REQUIRE_PG is set.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { click, fill, shownErrors, testId, textOf, visibleText } from './desk.mjs';
import { configDirFor, screenshot, startApp } from './harness.mjs';
import { ENGINEERING_HEAD, LEAKING_PIPE, RECEPTIONIST } from './people.mjs';
import { createUsers, invokeOk, listQuery, logIn, registerByCommand } from './session.mjs';
import { expectState, openFromQueue, timeline } from './steps.mjs';

const PG_DIR = process.env.COMPLAINTDESK_TEST_PG_DIR;
const PG_BIN = process.env.COMPLAINTDESK_TEST_PG_BIN;
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A second receptionist, at the other desk. */
const SECOND_RECEPTIONIST = { username: 'jiedai2', password: 'Jiedai2@2026', displayName: '陈静', role: 'receptionist' };
const DATABASE = `e2e_desks_${process.pid}`;
const APP_PASSWORD = 'Desk@2026-server';

if (!PG_DIR && process.env.COMPLAINTDESK_REQUIRE_PG) {
  throw new Error('COMPLAINTDESK_REQUIRE_PG is set but no cluster was started (scripts/with-postgres.sh)');
}

/** A fresh database on the cluster, set up as a center's IT would: with the app's own command. */
function setUpServer() {
  execFileSync(join(PG_BIN, 'psql'), [
    '-h',
    PG_DIR,
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `CREATE DATABASE ${DATABASE} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`,
  ]);
  const app = process.env.COMPLAINTDESK_BIN ?? join(REPO, 'target', 'debug', 'complaint-desk');
  execFileSync(app, ['server-setup', `host=${PG_DIR} user=postgres dbname=${DATABASE}`], {
    env: { ...process.env, COMPLAINTDESK_APP_PASSWORD: APP_PASSWORD },
    encoding: 'utf8',
  });
  return `host=${PG_DIR} user=complaintdesk_app password=${APP_PASSWORD} dbname=${DATABASE}`;
}

/** A desk on the server: its own data folder, and no single-instance bus to find the other. */
async function desk(url, instance) {
  const app = await startApp({ instance, env: { COMPLAINTDESK_DATABASE: url, DBUS_SESSION_BUS_ADDRESS: 'disabled:' } });
  const chinese = await app.browser.$(testId('language-zh-CN'));
  await chinese.waitForDisplayed({ timeout: 30_000 });
  await click(app.browser, chinese);
  return app;
}

describe('two desks on the center’s server', { skip: PG_DIR ? false : 'no PostgreSQL cluster', timeout: 300_000 }, () => {
  let front;
  let office;
  let complaint;

  before(async () => {
    const url = setUpServer();
    front = await desk(url, 0);
    // The first desk sets the center up on the server; the second finds it set up.
    const status = await invokeOk(front.browser, 'app_status');
    assert.equal(status.needsSetup, true);
    assert.ok(status.server.endsWith(`/${DATABASE}`), status.server);
    assert.ok(!status.server.includes(APP_PASSWORD), 'the password is never shown');
    await invokeOk(front.browser, 'first_run_setup', {
      input: { centerName: '阳光花园物业服务中心', adminUsername: 'admin', adminDisplayName: '李主任', adminPassword: 'Admin@12345' },
    });
    await front.browser.execute(() => window.location.reload());
    await logIn(front.browser, { username: 'admin', password: 'Admin@12345', displayName: '李主任' });
    await createUsers(front.browser, [RECEPTIONIST, SECOND_RECEPTIONIST, ENGINEERING_HEAD]);
    await logIn(front.browser, RECEPTIONIST);

    office = await desk(url, 1);
    await (await office.browser.$(testId('login-title'))).waitForDisplayed({ timeout: 30_000 });
    assert.match(await textOf(office.browser, 'login-server'), new RegExp(DATABASE));
    await logIn(office.browser, SECOND_RECEPTIONIST);
  });

  after(async () => {
    if (front) await screenshot(front.browser, 'several-desks-front-last');
    if (office) await screenshot(office.browser, 'several-desks-office-last');
    await front?.stop();
    await office?.stop();
  });

  it('shows a complaint registered at one desk on the other’s dashboard within 2 s', async () => {
    await click(office.browser, testId('menu-dashboard'));
    const before = Number(await textOf(office.browser, 'queue-count-toDispatch'));
    complaint = await registerByCommand(front.browser, LEAKING_PIPE);
    const started = Date.now();
    await office.browser.waitUntil(
      async () => Number(await textOf(office.browser, 'queue-count-toDispatch')) === before + 1,
      { timeout: 5_000, interval: 100, timeoutMsg: 'the other desk’s dashboard did not refresh' },
    );
    const took = Date.now() - started;
    assert.ok(took < 2_000, `the other desk saw it after ${took} ms`);
    await (await office.browser.$(testId(`dash-row-${complaint.caseNo}`))).waitForDisplayed();
    await screenshot(office.browser, 'several-desks-office-dashboard');
  });

  it('lets the first of two desks dispatch, and tells the second another desk updated it', async () => {
    await openFromQueue(front.browser, 'toDispatch', complaint.caseNo);
    await openFromQueue(office.browser, 'toDispatch', complaint.caseNo);
    // Both dialogs open on the same complaint as each window shows it.
    for (const browser of [front.browser, office.browser]) {
      await click(browser, testId('action-dispatch'));
      await (await browser.$(testId('dialog-submit'))).waitForDisplayed();
      await fill(browser, 'step-recipient', ENGINEERING_HEAD.displayName);
    }
    await click(front.browser, testId('dialog-submit'));
    await expectState(front.browser, '已派发');

    await click(office.browser, testId('dialog-submit'));
    await office.browser.waitUntil(
      async () => (await shownErrors(office.browser)).some((text) => text.includes('该投诉已被其他终端更新')),
      { timeoutMsg: 'the second desk was not told of the other desk’s update' },
    );
    await screenshot(office.browser, 'several-desks-conflict');
    // Its page reads the complaint again: dispatched once, by the first desk.
    await expectState(office.browser, '已派发');
    const dispatched = (await timeline(office.browser)).filter((entry) => entry.kind === 'dispatched');
    assert.equal(dispatched.length, 1, JSON.stringify(dispatched));
    await click(office.browser, testId('dialog-cancel'));
    await (await office.browser.$(testId('dialog-submit'))).waitForDisplayed({ reverse: true });
  });

  it('lists a search’s page from the newest complaints and shows its count after it', async () => {
    // 25 complaints whose 经过 says 水管漏: the first test's and 24 more.
    for (let i = 0; i < 24; i += 1) {
      await registerByCommand(front.browser, { ...LEAKING_PIPE, room: `3-2-${1301 + i}` });
    }
    const query = listQuery({ text: '水管漏' });
    const first = await invokeOk(office.browser, 'list_complaints', { query });
    assert.equal(first.rows.length, 20);
    assert.equal(first.counted, false, 'on the server a common word’s page comes before its count');
    assert.deepEqual(await invokeOk(office.browser, 'count_complaints', { query }), { total: 25, more: false });

    await click(office.browser, testId('menu-list'));
    await fill(office.browser, 'filter-text', '水管漏');
    await click(office.browser, testId('filter-search'));
    await office.browser.waitUntil(async () => (await textOf(office.browser, 'list-total')) === '共 25 条', {
      timeoutMsg: 'the search’s count did not follow its page',
    });
    assert.equal((await office.browser.$$('[data-testid^="row-TS-"]')).length, 20);
    await screenshot(office.browser, 'several-desks-search');
    // Its second page: the last five.
    await click(office.browser, '.complaint-list-view__pages .btn-next');
    await office.browser.waitUntil(async () => (await office.browser.$$('[data-testid^="row-TS-"]')).length === 5, {
      timeoutMsg: 'the second page did not show the last five',
    });
    assert.equal(await textOf(office.browser, 'list-total'), '共 25 条');
  });

  it('shows a banner when the server is lost, keeps what it showed, and reconnects by itself', async () => {
    const { browser } = office;
    await click(browser, testId('menu-dashboard'));
    await (await browser.$(testId('queue-count-toDispatch'))).waitForDisplayed();
    // The server drops every desk's connection and takes no new one for a while (a
    // restart, a network cut).
    const psql = (...commands) =>
      execFileSync(join(PG_BIN, 'psql'), ['-h', PG_DIR, '-U', 'postgres', '-d', 'postgres', ...commands.flatMap((c) => ['-c', c])]);
    psql(
      `ALTER DATABASE ${DATABASE} ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${DATABASE}'`,
    );
    const banner = await browser.$(testId('offline-banner'));
    try {
      await click(browser, testId('dashboard-refresh'));
      await banner.waitForDisplayed({ timeout: 10_000, timeoutMsg: 'no banner when the server was lost' });
      assert.match(await visibleText(browser, banner), /与中心服务器的连接已中断/);
      // What it showed stays, and the person stays logged in.
      assert.ok(await (await browser.$(testId('queue-count-toDispatch'))).isDisplayed());
      assert.ok(await (await browser.$(testId('current-user'))).isDisplayed());
      await screenshot(browser, 'several-desks-offline');
    } finally {
      psql(`ALTER DATABASE ${DATABASE} ALLOW_CONNECTIONS true`);
    }
    // The desk connects again by itself; the banner goes and the dashboard reads again.
    await banner.waitForDisplayed({ reverse: true, timeout: 15_000, timeoutMsg: 'the banner stayed' });
    assert.deepEqual(await shownErrors(browser), []);
  });

  it('connects a new desk to the server from its first start, the password kept for this user alone', async () => {
    const third = await startApp({ instance: 2, env: { DBUS_SESSION_BUS_ADDRESS: 'disabled:' } });
    const { browser } = third;
    try {
      await (await browser.$(testId('use-server'))).waitForDisplayed({ timeout: 30_000 });
      await click(browser, testId('language-zh-CN'));
      await click(browser, testId('use-server'));
      await fill(browser, 'server-host', PG_DIR);
      await fill(browser, 'server-database', 'no_such_database');
      await fill(browser, 'server-password', APP_PASSWORD);
      await click(browser, testId('server-connect'));
      await browser.waitUntil(async () => (await textOf(browser, 'server-error')).includes('database "no_such_database" does not exist'), {
        timeoutMsg: 'a database that is not there was not named',
      });
      await fill(browser, 'server-database', DATABASE);
      await screenshot(browser, 'several-desks-connect');
      await click(browser, testId('server-connect'));
      // The center is set up on the server already: the login page, naming the server.
      await (await browser.$(testId('login-title'))).waitForDisplayed({ timeout: 15_000 });
      assert.match(await textOf(browser, 'login-server'), new RegExp(DATABASE));
      await logIn(browser, RECEPTIONIST);
      await (await browser.$(testId(`dash-row-${complaint.caseNo}`))).waitForDisplayed();
      const file = join(configDirFor(third.dataDir), 'cn.complaintdesk.desk', 'center-server.conf');
      assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by this user alone');
    } finally {
      await third.stop();
    }
  });
});

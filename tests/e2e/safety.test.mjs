// 数据安全 as the administrator works it: a backup taken from the page lands in the
// backups folder and in the table, the database check finds the audit chain whole, and
// restoring the backup brings back the desk as it was (work done since is gone) while
// the replaced database is kept aside. Then the desk is switched off, its database file
// is overwritten with garbage and it is switched on again: the start-up page says in
// Chinese what is wrong, leaves the file exactly as it was, and restores the newest backup.
// COMPLAINTDESK_BACKUP_DIR stands in for the folder dialog: the administrator picks the
// backups folder of the data directory, so the copy shows in the table.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { click, testId, textOf, visibleText } from './desk.mjs';
import { configDirFor, screenshot, startApp } from './harness.mjs';
import { ADMIN, LEAKING_PIPE, RECEPTIONIST } from './people.mjs';
import { createUsers, logIn, registerByCommand, setUpCenter } from './session.mjs';

const START = '2026-11-30T09:00:00+08:00';
/** Switched on again half an hour later, the same day. */
const LATER = '2026-11-30T09:30:00+08:00';
const BACKUP_NAME = /^complaintdesk-20261130-\d{6}\.db$/;

const AFTER_BACKUP = {
  ...LEAKING_PIPE,
  residentName: '钱八',
  room: '6-3-801',
  phone: '13311112222',
  location: '6 栋电梯厅',
  description: '电梯按钮失灵，已报修未处理。',
};

/** Case numbers in a database file, oldest first (read-only: the file is evidence). */
function caseNos(file) {
  const out = execFileSync('sqlite3', ['-readonly', file, 'select case_no from complaints order by id'], { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean);
}

function count(file, table) {
  return Number(execFileSync('sqlite3', ['-readonly', file, `select count(*) from ${table}`], { encoding: 'utf8' }).trim());
}

/** The table rows of the backups, as shown: path and the row's restore button. */
async function backupRows(browser) {
  const rows = await browser.$$(`${testId('backup-table')} .el-table__body-wrapper tbody tr`);
  const shown = [];
  for (const row of rows) {
    const cells = await browser.execute((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim()), row);
    shown.push({ takenAt: cells[0], path: cells[2], restore: await row.$(testId('backup-restore')) });
  }
  return shown;
}

/** Confirms the restore question and waits for the login page it leads to; returns the notice's text. */
async function confirmRestore(browser) {
  const box = await browser.$('.el-message-box');
  await box.waitForDisplayed();
  assert.match(await visibleText(browser, box), /当前数据库不会删除，会另存一份保留备查/);
  await click(browser, '.el-message-box .el-button--primary');
  await (await browser.$(testId('login-title'))).waitForDisplayed({ timeout: 30_000, timeoutMsg: 'no login page after the restore' });
  const notice = await browser.$('.el-notification');
  await notice.waitForDisplayed({ timeoutMsg: 'no notice after the restore' });
  const text = await visibleText(browser, notice);
  assert.match(text, /已恢复备份/);
  await screenshot(browser, 'safety-restored');
  await click(browser, '.el-notification .el-notification__closeBtn');
  await notice.waitForDisplayed({ reverse: true });
  return text;
}

/** Runs the database check on the page; returns what it shows. */
async function checkDatabase(browser) {
  await click(browser, testId('check-database'));
  await (await browser.$(testId('file-check'))).waitForDisplayed();
  return { integrity: await textOf(browser, 'check-integrity'), audit: await textOf(browser, 'check-audit') };
}

describe('data safety', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'complaintdesk-e2e-'));
  const backupsDir = join(dataDir, 'backups');
  const env = { COMPLAINTDESK_BACKUP_DIR: backupsDir };
  let app;
  let browser;
  let kept;
  let lost;
  let backup;

  before(async () => {
    app = await startApp({ startTime: START, dataDir, env });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST]);
    await logIn(browser, RECEPTIONIST);
    kept = await registerByCommand(browser, LEAKING_PIPE);
  });

  after(async () => {
    if (browser) await screenshot(browser, 'safety-last');
    if (app) await app.stop();
    else if (!process.env.COMPLAINTDESK_KEEP_DATA) {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDirFor(dataDir), { recursive: true, force: true });
    }
  });

  it('backs up from the page, and finds the audit chain whole', async () => {
    await logIn(browser, ADMIN);
    await click(browser, testId('menu-safety'));
    await (await browser.$(testId('backup-table'))).waitForDisplayed();
    const before = (await backupRows(browser)).map((row) => row.path);

    await click(browser, testId('backup-now'));
    const notice = await browser.$(testId('print-result'));
    await notice.waitForDisplayed({ timeoutMsg: 'no notice after backing up' });
    backup = (await visibleText(browser, notice)).match(/保存位置：(\S+)/)?.[1];
    assert.ok(backup, `the notice names the file: ${await visibleText(browser, notice)}`);
    // Closed, as it covers the header's buttons for eight seconds (longer while the pointer
    // rests on it). Its own close button, clicked in the page: a pointer click can land
    // while it still slides in, or on another notice stacked above it.
    await browser.waitUntil(
      async () => {
        await browser.execute(() =>
          document
            .querySelector('[data-testid="print-result"]')
            ?.closest('.el-notification')
            ?.querySelector('.el-notification__closeBtn')
            ?.click(),
        );
        return !(await notice.isDisplayed());
      },
      { timeout: 15_000, interval: 1_000, timeoutMsg: 'the backup notice does not close' },
    );
    assert.equal(dirname(backup), backupsDir);
    assert.match(basename(backup), BACKUP_NAME);
    assert.ok(existsSync(backup), `${backup} is on disk`);
    assert.ok(!before.includes(backup), 'a new file, not an old one');
    // A whole database of its own: the complaint registered so far, nothing half-written.
    assert.deepEqual(caseNos(backup), [kept.caseNo]);
    assert.deepEqual(
      readdirSync(backupsDir).filter((name) => name.endsWith('.part')),
      [],
      'no part file left behind',
    );
    await browser.waitUntil(async () => (await backupRows(browser)).some((row) => row.path === backup), {
      timeoutMsg: `${backup} did not show in the backup table`,
    });
    const rows = await backupRows(browser);
    assert.equal(rows[0].path, backup, 'the newest first');
    assert.match(rows[0].takenAt, /^2026-11-30 09:\d{2}/);
    // The backup is in the audit log, newest first.
    await browser.waitUntil(
      async () => /backup\.create/.test(await visibleText(browser, await browser.$(`${testId('audit-table')} tbody tr`))),
      { timeoutMsg: 'the backup is not the newest line of the audit log' },
    );

    const check = await checkDatabase(browser);
    assert.equal(check.integrity, '正常');
    assert.equal(check.audit, `共 ${count(app.dbPath, 'audit_log')} 条，全部一致`);
    assert.match(await visibleText(browser, await browser.$(testId('file-check'))), /投诉件数\s+1/);
    await browser.execute(() => {
      document.querySelector('.main-layout__main').scrollTop = 0;
    });
    await screenshot(browser, 'safety');
  });

  it('restores the backup: later work is gone, the replaced database kept aside', async () => {
    await logIn(browser, RECEPTIONIST);
    lost = await registerByCommand(browser, AFTER_BACKUP);
    assert.deepEqual(caseNos(app.dbPath), [kept.caseNo, lost.caseNo]);

    await logIn(browser, ADMIN);
    await click(browser, testId('menu-safety'));
    await browser.waitUntil(async () => (await backupRows(browser)).some((row) => row.path === backup), {
      timeoutMsg: `${backup} is not in the backup table`,
    });
    const row = (await backupRows(browser)).find((shown) => shown.path === backup);
    await click(browser, row.restore);
    const notice = await confirmRestore(browser);
    assert.match(notice, /恢复后的数据库共 1 件投诉。请重新登录。/);
    const aside = notice.match(/原数据库已另存于 (\S+?)。/)?.[1];
    assert.ok(aside, `the notice says where the replaced database went: ${notice}`);
    assert.equal(dirname(aside), dataDir);
    assert.match(basename(aside), /^complaintdesk\.db\.replaced-20261130-\d{6}$/);

    // The live file is the backup's; the one it replaced still holds the later complaint.
    assert.deepEqual(caseNos(app.dbPath), [kept.caseNo]);
    assert.ok(existsSync(aside), `${aside} is on disk`);
    assert.deepEqual(caseNos(aside), [kept.caseNo, lost.caseNo]);
    assert.ok(existsSync(backup), 'the backup itself is still there');

    // Everyone was logged out; at the desk the later complaint is gone.
    await logIn(browser, ADMIN);
    await click(browser, testId('menu-list'));
    await (await browser.$(testId(`row-${kept.caseNo}`))).waitForDisplayed({ timeoutMsg: 'the kept complaint is not listed' });
    assert.equal(await (await browser.$(testId(`row-${lost.caseNo}`))).isExisting(), false, `${lost.caseNo} is still listed`);
    await click(browser, testId('menu-safety'));
    const check = await checkDatabase(browser);
    assert.equal(check.integrity, '正常');
    assert.equal(check.audit, `共 ${count(app.dbPath, 'audit_log')} 条，全部一致`);
  });

  it('leaves a damaged database file as it is, says why, and restores the newest backup', async () => {
    // Switched off (keeping the data directory, which the harness removes otherwise).
    const keep = process.env.COMPLAINTDESK_KEEP_DATA;
    process.env.COMPLAINTDESK_KEEP_DATA = '1';
    try {
      await app.stop();
    } finally {
      if (keep === undefined) delete process.env.COMPLAINTDESK_KEEP_DATA;
      else process.env.COMPLAINTDESK_KEEP_DATA = keep;
    }
    app = null;
    browser = null;
    const garbage = Buffer.concat([Buffer.from('这不是数据库 not a database\n'), randomBytes(64 * 1024)]);
    const dbPath = join(dataDir, 'complaintdesk.db');
    writeFileSync(dbPath, garbage);
    const backups = readdirSync(backupsDir).filter((name) => BACKUP_NAME.test(name)).sort();
    assert.equal(backups.at(-1), basename(backup), 'the backup taken from the page is the newest');

    app = await startApp({ startTime: LATER, dataDir, env });
    browser = app.browser;
    await (await browser.$(testId('startup-problem'))).waitForDisplayed({ timeout: 30_000, timeoutMsg: 'no start-up problem page' });
    assert.match(await visibleText(browser, await browser.$('.startup-problem .el-result__title')), /无法打开数据库/);
    const message = await textOf(browser, 'startup-problem-message');
    assert.equal(message, `数据库文件 ${dbPath} 已损坏或不是本程序的数据库。文件未作任何改动；请从最新的备份恢复。`);
    // Nobody can log in to a desk that is not there; the backups are offered instead.
    await browser.waitUntil(async () => (await backupRows(browser)).length === backups.length, {
      timeoutMsg: `the page does not list the ${backups.length} backups`,
    });
    await screenshot(browser, 'safety-startup-problem');
    assert.ok(readFileSync(dbPath).equals(garbage), 'the damaged file is byte for byte as it was');

    const [newest] = await backupRows(browser);
    assert.equal(newest.path, backup, 'the newest backup is first');
    await click(browser, newest.restore);
    const notice = await confirmRestore(browser);
    const aside = notice.match(/原数据库已另存于 (\S+?)。/)?.[1];
    assert.ok(aside, `the notice says where the damaged file went: ${notice}`);
    assert.ok(readFileSync(aside).equals(garbage), 'the damaged file was moved aside unchanged');
    assert.deepEqual(caseNos(dbPath), [kept.caseNo]);

    // The desk is back.
    await logIn(browser, ADMIN);
    await click(browser, testId('menu-list'));
    await (await browser.$(testId(`row-${kept.caseNo}`))).waitForDisplayed({ timeoutMsg: 'the restored complaint is not listed' });
  });
});

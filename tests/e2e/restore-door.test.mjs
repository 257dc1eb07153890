// The restore door of the start-up page. Nobody can log in while the database cannot be
// opened, so the page restores without a login, but only this installation's own backups
// from its backups folder: a copy of the same backup placed anywhere else, or any other
// file, needs that file's own administrator login. The desk is set up, a backup taken,
// the desk switched off, its database overwritten with garbage and switched on again:
// a copy from elsewhere is refused without a login and with a wrong password, leaving the
// damaged file as it was; the own backup, clicked in the table, is restored, and the
// database check then finds the audit key and the anchor consistent.
// COMPLAINTDESK_BACKUP_DIR stands in for the folder dialog of 立即备份. The harness gives
// the data directory its own configuration folder, which holds the audit key across the
// restart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { click, testId, textOf, visibleText } from './desk.mjs';
import { configDirFor, screenshot, startApp } from './harness.mjs';
import { ADMIN, LEAKING_PIPE, RECEPTIONIST } from './people.mjs';
import { createUsers, invoke, invokeOk, logIn, registerByCommand, setUpCenter } from './session.mjs';

const START = '2026-11-30T09:00:00+08:00';
/** Switched on again half an hour later, the same day. */
const LATER = '2026-11-30T09:30:00+08:00';

/** Case numbers in a database file, oldest first (read-only: the file is evidence). */
function caseNos(file) {
  const out = execFileSync('sqlite3', ['-readonly', file, 'select case_no from complaints order by id'], { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean);
}

/** What a refused restore must not leave behind in the data directory. */
function restoreLeftovers(dataDir) {
  return readdirSync(dataDir).filter((name) => name.includes('.replaced-') || name.includes('.restoring'));
}

/** The table rows of the backups, as shown: path and the row's restore button. */
async function backupRows(browser) {
  const rows = await browser.$$(`${testId('backup-table')} .el-table__body-wrapper tbody tr`);
  const shown = [];
  for (const row of rows) {
    const cells = await browser.execute((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim()), row);
    shown.push({ path: cells[2], restore: await row.$(testId('backup-restore')) });
  }
  return shown;
}

describe('the restore door of the start-up page', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'complaintdesk-e2e-'));
  const backupsDir = join(dataDir, 'backups');
  const dbPath = join(dataDir, 'complaintdesk.db');
  /** Somewhere outside the backups folder: a USB stick, another computer's folder. */
  const elsewhere = mkdtempSync(join(tmpdir(), 'complaintdesk-elsewhere-'));
  const env = { COMPLAINTDESK_BACKUP_DIR: backupsDir };
  const garbage = Buffer.concat([Buffer.from('这不是数据库 not a database\n'), randomBytes(64 * 1024)]);
  let app;
  let browser;
  let kept;
  let backup;
  let copy;

  before(async () => {
    app = await startApp({ startTime: START, dataDir, env });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST]);
    await logIn(browser, RECEPTIONIST);
    kept = await registerByCommand(browser, LEAKING_PIPE);
    await logIn(browser, ADMIN);
    backup = await invokeOk(browser, 'backup_now');
    assert.equal(dirname(backup), backupsDir, 'the backup is in the backups folder');
    assert.ok(existsSync(`${backup}.anchor`), 'the backup has its anchor beside it');
    assert.deepEqual(caseNos(backup), [kept.caseNo]);
    // The same backup, anchor and all, placed outside the backups folder.
    copy = join(elsewhere, basename(backup));
    copyFileSync(backup, copy);
    copyFileSync(`${backup}.anchor`, `${copy}.anchor`);

    // Switched off, keeping the data directory and its key (the harness removes them otherwise).
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
    const keyFiles = readdirSync(configDirFor(dataDir), { recursive: true }).filter((name) => /audit-key-/.test(name));
    assert.ok(keyFiles.length >= 1, 'the audit key is kept in the configuration folder beside the data');
    writeFileSync(dbPath, garbage);

    app = await startApp({ startTime: LATER, dataDir, env });
    browser = app.browser;
    await (await browser.$(testId('startup-problem'))).waitForDisplayed({ timeout: 30_000, timeoutMsg: 'no start-up problem page' });
    await browser.waitUntil(async () => (await backupRows(browser)).some((row) => row.path === backup), {
      timeoutMsg: `${backup} is not offered on the start-up page`,
    });
  });

  after(async () => {
    if (browser) await screenshot(browser, 'restore-door-last');
    if (app) await app.stop();
    else if (!process.env.COMPLAINTDESK_KEEP_DATA) {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDirFor(dataDir), { recursive: true, force: true });
    }
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('refuses a copy from outside the backups folder without its administrator', async () => {
    const { ok, refused } = await invoke(browser, 'restore_backup', { path: copy, adminName: null, adminPassword: null });
    assert.equal(ok, undefined, 'nothing restored');
    assert.equal(refused?.kind, 'notPermitted', JSON.stringify(refused));
    assert.match(refused.message, /未登录时只能恢复本机备份文件夹中本安装的备份/);
    assert.match(refused.message, /请输入该文件的管理员账号和密码/);
    assert.ok(readFileSync(dbPath).equals(garbage), 'the damaged file is byte for byte as it was');
    assert.deepEqual(restoreLeftovers(dataDir), []);
    assert.ok(await (await browser.$(testId('startup-problem'))).isDisplayed(), 'still the start-up page');
  });

  it("refuses it with a wrong password, or a name that is not the file's administrator", async () => {
    for (const [adminName, adminPassword] of [
      [ADMIN.username, 'Wrong@12345'],
      [RECEPTIONIST.username, RECEPTIONIST.password],
      ['nobody', ADMIN.password],
    ]) {
      const { ok, refused } = await invoke(browser, 'restore_backup', { path: copy, adminName, adminPassword });
      assert.equal(ok, undefined, `nothing restored for ${adminName}`);
      assert.equal(refused?.kind, 'notPermitted', `${adminName}: ${JSON.stringify(refused)}`);
      assert.match(refused.message, /该文件的管理员账号或密码错误，未作任何替换/);
    }
    assert.ok(readFileSync(dbPath).equals(garbage), 'the damaged file is byte for byte as it was');
    assert.deepEqual(restoreLeftovers(dataDir), []);
  });

  it("says before the file dialog that another file needs its administrator's login", async () => {
    // Only as far as the dialog: the native file dialog cannot be driven here.
    await click(browser, testId('restore-file'));
    const dialog = await browser.$(testId('restore-admin-dialog'));
    await dialog.waitForDisplayed();
    assert.match(await visibleText(browser, dialog), /须输入该文件中的系统管理员账号和密码/);
    assert.ok(await (await browser.$(testId('restore-admin-name'))).isDisplayed());
    assert.ok(await (await browser.$(testId('restore-admin-password'))).isDisplayed());
    assert.ok(await (await browser.$(testId('restore-admin-go'))).isDisplayed());
    await screenshot(browser, 'restore-door-dialog');
    await click(browser, `${testId('restore-admin-dialog')} ${testId('dialog-cancel')}`);
    await dialog.waitForDisplayed({ reverse: true });
  });

  it('restores its own backup from the table without a login; the check finds the seal whole', async () => {
    const row = (await backupRows(browser)).find((shown) => shown.path === backup);
    await click(browser, row.restore);
    const box = await browser.$('.el-message-box');
    await box.waitForDisplayed();
    await click(browser, '.el-message-box .el-button--primary');
    await (await browser.$(testId('login-title'))).waitForDisplayed({ timeout: 30_000, timeoutMsg: 'no login page after the restore' });
    const notice = await browser.$('.el-notification');
    await notice.waitForDisplayed({ timeoutMsg: 'no notice after the restore' });
    const text = await visibleText(browser, notice);
    assert.match(text, /已恢复备份/);
    const aside = text.match(/原数据库已另存于 (\S+?)。/)?.[1];
    assert.ok(aside, `the notice says where the damaged file went: ${text}`);
    assert.ok(readFileSync(aside).equals(garbage), 'the damaged file was moved aside unchanged');
    assert.deepEqual(caseNos(dbPath), [kept.caseNo]);

    await logIn(browser, ADMIN);
    await click(browser, testId('menu-safety'));
    await click(browser, testId('check-database'));
    await (await browser.$(testId('file-check'))).waitForDisplayed();
    assert.equal(await textOf(browser, 'check-integrity'), '正常');
    assert.equal(await textOf(browser, 'check-schema'), '正常');
    assert.equal(await textOf(browser, 'check-seal'), '一致');
    assert.match(await textOf(browser, 'check-audit'), /^共 \d+ 条，全部一致$/);
    await screenshot(browser, 'restore-door-check');
  });
});

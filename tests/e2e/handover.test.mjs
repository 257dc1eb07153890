// 归档移交 as the quality department does it once a month: the month's complaints called
// back satisfied are listed ready to archive, all ticked; one click (and a confirmation)
// archives them and records the hand-over, whose 《投诉档案移交清单》 prints as a PDF.
// COMPLAINTDESK_PRINT_DIR stands in for the save dialog.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { click, fill, printedFile, shownErrors, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, startApp } from './harness.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, RECEPTIONIST, SATISFIED_CALLBACK } from './people.mjs';
import { createUsers, invokeOk, logIn, registerByCommand, setUpCenter } from './session.mjs';

// The last day of November: the app's clock puts last month at October, so the page
// opens there and the month is picked, as the desk would to hand over early.
const START = '2026-11-30T09:00:00+08:00';
const MONTH = '2026-11';
const QUALITY = { username: 'pinzhi', password: 'Pinzhi@2026', displayName: '孙丽', role: 'quality' };
const RECEIVER = '王芳';

describe('archive hand-over', { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), 'complaintdesk-handover-'));
  let app;
  let browser;
  /** Two complaints called back satisfied; the first has its form printed. */
  const done = [];

  /** Applies a step as whoever is logged in. */
  const step = (complaint, name, input) =>
    invokeOk(browser, 'apply_step', {
      id: complaint.id,
      step: input === undefined ? { step: name } : { step: name, input },
    });

  before(async () => {
    app = await startApp({ startTime: START, env: { COMPLAINTDESK_PRINT_DIR: printDir } });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, ENGINEERING_HEAD, QUALITY]);

    // Registered, dispatched, handled, told and called back satisfied: ready to archive.
    await logIn(browser, RECEPTIONIST);
    for (const room of ['5-1-302', '6-3-1102']) {
      const complaint = await registerByCommand(browser, { ...LEAKING_PIPE, room });
      await step(complaint, 'dispatch', { departmentId: null, recipient: ENGINEERING_HEAD.displayName });
      done.push(complaint);
    }
    await invokeOk(browser, 'print_form', { id: done[0].id });
    await logIn(browser, ENGINEERING_HEAD);
    for (const complaint of done) await step(complaint, 'markHandled', { result: '已更换厨房水管接头。' });
    await logIn(browser, RECEPTIONIST);
    for (const complaint of done) {
      await step(complaint, 'logFormReturn');
      await step(complaint, 'notifyResident', {
        method: 'phone',
        response: '住户表示知悉，感谢及时处理。',
        done: { userId: null, name: null, at: null },
      });
      await step(complaint, 'callback', { ...SATISFIED_CALLBACK, done: { userId: null, name: null, at: null } });
    }
  });

  after(async () => {
    if (browser) await screenshot(browser, 'handover-last');
    await app?.stop();
    if (!process.env.COMPLAINTDESK_KEEP_DATA) rmSync(printDir, { recursive: true, force: true });
  });

  /** The case numbers the ready table lists, as shown. */
  function readyRows() {
    return browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid^="handover-row-"]'))
        .filter((row) => row.getClientRects().length > 0)
        .map((row) => row.dataset.testid.slice('handover-row-'.length)),
    );
  }

  /** Whether the row's checkbox is ticked. */
  function isTicked(caseNo) {
    return browser.execute(
      (selector) => {
        const box = document.querySelector(selector);
        return box.classList.contains('is-checked') || box.querySelector('input')?.checked === true;
      },
      testId(`handover-tick-${caseNo}`),
    );
  }

  /** The text of the table row holding the element with this test id. */
  async function rowText(id) {
    const element = await browser.$(testId(id));
    await element.waitForDisplayed();
    return browser.execute((el) => el.closest('tr').innerText.replace(/\s+/g, ' ').trim(), element);
  }

  it('keeps the menu item from the receptionist', async () => {
    await (await browser.$(testId('menu-list'))).waitForDisplayed();
    assert.equal(await (await browser.$(testId('menu-handover'))).isExisting(), false);
  });

  it('lists the month’s complaints ready to archive, all ticked', async () => {
    await logIn(browser, QUALITY);
    assert.equal(await textOf(browser, 'menu-handover'), '归档移交');
    await click(browser, testId('menu-handover'));
    const input = await browser.$(`${testId('handover-month')} input`);
    await input.waitForDisplayed();
    assert.equal(await input.getValue(), '2026-10', 'opens on last month by the app’s clock');

    await click(browser, input);
    await browser.keys([Key.Ctrl, 'a']);
    await browser.keys(Key.Backspace);
    await input.addValue(MONTH);
    await browser.keys(Key.Enter);
    const caseNos = done.map((complaint) => complaint.caseNo);
    await browser
      .waitUntil(async () => JSON.stringify((await readyRows()).sort()) === JSON.stringify([...caseNos].sort()), {
        timeout: 10_000,
      })
      .catch(async () => assert.fail(`the table lists ${JSON.stringify(await readyRows())}, expected ${caseNos}`));

    for (const caseNo of caseNos) assert.equal(await isTicked(caseNo), true, `${caseNo} is ticked`);
    const printed = await rowText(`handover-row-${done[0].caseNo}`);
    assert.match(printed, /2026-11-30/);
    assert.match(printed, /张三 5-1-302/);
    assert.match(printed, /工程维修部/);
    assert.match(printed, /满意/);
    assert.doesNotMatch(printed, /未打印/);
    assert.match(await rowText(`handover-row-${done[1].caseNo}`), /未打印/);
    assert.equal(await textOf(browser, 'handover-count'), '共 2 件，已选 2 件');
    assert.equal(await textOf(browser, 'handover-submit'), '归档并移交（2 件）');
    assert.match(await textOf(browser, 'handover-no-records'), /尚无移交记录/);
    await screenshot(browser, 'handover-before');
  });

  it('archives them after a confirmation and records the hand-over', async () => {
    await fill(browser, 'handover-receiver', RECEIVER);
    await click(browser, testId('handover-submit'));
    const box = await browser.$('.el-message-box');
    await box.waitForDisplayed();
    assert.match(await visibleText(browser, box), /所选 2 件投诉（2026-11 受理）将归档/);
    await click(browser, '.el-message-box .el-button--primary');

    const record = await browser.$(testId('handover-record-1'));
    await record
      .waitForDisplayed({ timeout: 10_000 })
      .catch(async () => assert.fail(`no hand-over recorded: ${(await shownErrors(browser)).join(' / ')}`));
    assert.equal(await visibleText(browser, record), '第 1 次');
    const recorded = await rowText('handover-record-1');
    assert.match(recorded, /孙丽/);
    assert.match(recorded, new RegExp(RECEIVER));
    assert.match(recorded, /2 件/);
    for (const complaint of done)
      assert.ok(recorded.includes(complaint.caseNo), `${complaint.caseNo} is on the record`);
    await browser.waitUntil(async () => (await readyRows()).length === 0, {
      timeoutMsg: 'the archived complaints are still listed',
    });
    assert.equal(await textOf(browser, 'handover-count'), '共 0 件，已选 0 件');

    for (const complaint of done) {
      const detail = await invokeOk(browser, 'complaint_detail', { id: complaint.id });
      assert.equal(detail.row.state, 'archived', `${complaint.caseNo} is archived`);
    }
    const handovers = await invokeOk(browser, 'list_handovers', { month: MONTH });
    assert.equal(handovers.length, 1);
    assert.equal(handovers[0].receiver, RECEIVER);
    assert.equal(handovers[0].lines.length, 2);
    await screenshot(browser, 'handover-after');
  });

  it('prints the hand-over list', async () => {
    await click(browser, testId('handover-print-1'));
    const file = await printedFile(browser, printDir, `投诉档案移交清单-${MONTH}`);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /投诉档案移交清单/);
    for (const complaint of done)
      assert.ok(text.includes(complaint.caseNo), `${complaint.caseNo} is on the list:\n${text}`);
    await screenshot(browser, 'handover-printed');
  });
});

// When the desk is down, complaints are taken on the blank 《住户投诉意见表》 printed
// beforehand, and typed in later as 纸质表补录 with the paper's received time. A resident
// who asks to stay anonymous (保密) is masked for the department that handles the
// complaint, whose head may read the name, room and phone only with a reason, audited.
// COMPLAINTDESK_PRINT_DIR stands in for the save dialog.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { choose, click, fieldError, fill, printedFile, shownErrors, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, startApp } from './harness.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, RECEPTIONIST } from './people.mjs';
import { createUsers, logIn, setUpCenter } from './session.mjs';
import { timeline, waitForDetail } from './steps.mjs';

const START = '2026-11-30T09:00:00+08:00';
/** Written on the paper form the evening before, while the power was off. */
const PAPER_RECEIVED = '2026-11-29 21:40';
const CASE_NO = /TS-\d{8}-\d{3}/;
const PAPER_COMPLAINT = {
  ...LEAKING_PIPE,
  residentName: '李四',
  room: '6-1-502',
  phone: '13911112222',
  location: '6-1-502 卫生间',
  description: '停电期间卫生间顶棚渗水，手工登记在纸质意见表上。',
};
/** A neighbour complaining about a member of staff asks not to be named. */
const CONFIDENTIAL_COMPLAINT = {
  ...LEAKING_PIPE,
  description: '维修师傅入户后态度恶劣，住户担心被报复，要求保密。',
  residentRequest: '调查处理，不要透露住户身份',
};
const REVEAL_REASON = '需与住户约定入户复查时间';
/** A member of staff with an account, complained of by name. */
const PATROL = {
  username: 'xunlou',
  password: 'Xunlou@2026',
  displayName: '马超',
  role: 'patrol',
};
/** Someone without an account: typed in. */
const REPAIRMAN = '外包维修工 王师傅';

describe('paper forms and confidential residents', { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), 'complaintdesk-paper-'));
  let app;
  let browser;
  let confidentialCaseNo;

  before(async () => {
    app = await startApp({
      startTime: START,
      env: { COMPLAINTDESK_PRINT_DIR: printDir },
    });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, ENGINEERING_HEAD, PATROL]);
  });

  after(async () => {
    if (browser) await screenshot(browser, 'paper-last');
    await app?.stop();
    if (!process.env.COMPLAINTDESK_KEEP_DATA) rmSync(printDir, { recursive: true, force: true });
  });

  /** Resizes the window so that the page gets exactly width × height. */
  async function resize(width, height) {
    const inner = () => browser.execute(() => [window.innerWidth, window.innerHeight]);
    await browser.setWindowSize(width, height);
    let [w, h] = await inner();
    if (w !== width || h !== height) {
      // Whatever the window adds around the page (a frame, a menu bar).
      await browser.pause(300);
      [w, h] = await inner();
      if (w !== width || h !== height) await browser.setWindowSize(width + (width - w), height + (height - h));
    }
    await browser.waitUntil(
      async () => {
        [w, h] = await inner();
        return w === width && h === height;
      },
      {
        timeout: 5000,
        timeoutMsg: `the page is ${w}×${h}, not ${width}×${height}`,
      },
    );
    await browser.pause(250);
  }

  /** Screenshots of what is on screen at 1280 and at 1920 wide, back at 1280 after. */
  async function bothWidths(name, { top } = {}) {
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ]) {
      await resize(width, height);
      if (top)
        await browser.execute((selector) => {
          document.querySelector(selector)?.closest('.form-section')?.scrollIntoView({ block: 'start' });
        }, top);
      await screenshot(browser, `${name}-${width}`);
    }
  }

  /** Fills in the rest of the form the way the receptionist types it. */
  async function fillComplaint(complaint) {
    await fill(browser, 'residentName', complaint.residentName);
    await fill(browser, 'room', complaint.room);
    await fill(browser, 'phone', complaint.phone);
    await fill(browser, 'location', complaint.location);
    await choose(browser, 'departmentId', complaint.department);
    await fill(browser, 'description', complaint.description);
    await fill(browser, 'residentRequest', complaint.residentRequest);
    await choose(browser, 'categoryId', complaint.category);
    await click(browser, testId('severity-minor'));
  }

  /** Saves the form; resolves with the case number, or fails with what is shown. */
  async function save() {
    await click(browser, testId('submit'));
    const saved = await browser.$(testId('last-saved'));
    await saved
      .waitForDisplayed({ timeout: 10_000 })
      .catch(async () => assert.fail(`the form was not saved: ${(await shownErrors(browser)).join(' / ')}`));
    return (await visibleText(browser, saved)).match(CASE_NO)[0];
  }

  /** The text of the list row of this case number. */
  async function listRow(caseNo) {
    const link = await browser.$(testId(`row-${caseNo}`));
    await link.waitForDisplayed({
      timeoutMsg: `${caseNo} is not in the list`,
    });
    return browser.execute((el) => el.closest('tr').innerText.replace(/\s+/g, ' ').trim(), link);
  }

  it('prints the blank form from the registration page, for the desk only', async () => {
    await logIn(browser, RECEPTIONIST);
    await (
      await browser.$(testId('print-blank-form'))
    ).waitForDisplayed({
      timeoutMsg: 'no 打印空白意见表 on the receptionist’s dashboard',
    });

    await bothWidths('paper-desk-dashboard');

    await click(browser, testId('menu-register'));
    // The dashboard's button of the same name goes away with the dashboard: read the
    // registration page's, once it is there.
    await (
      await browser.$(`.register-view ${testId('print-blank-form')}`)
    ).waitForDisplayed({ timeoutMsg: 'no 打印空白意见表 on the registration page' });
    assert.equal(
      await visibleText(browser, await browser.$(`.register-view ${testId('print-blank-form')}`)),
      '打印空白意见表',
    );
    await bothWidths('paper-register-header');
    await click(browser, testId('print-blank-form'));
    const file = await printedFile(browser, printDir, '住户投诉意见表-空白');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], {
      encoding: 'utf8',
    });
    assert.match(text, /住户投诉意见表/);
    assert.match(text, /纸质表补录/, 'the form says how it is typed in later');
    assert.doesNotMatch(text, CASE_NO, 'a blank form has no case number');
    await screenshot(browser, 'paper-blank-printed');
  });

  it('registers a paper form typed in later, with the paper’s received time', async () => {
    await click(browser, testId('menu-register'));
    await click(browser, testId('fromPaper'));
    // The cursor goes to the received time, which is now required.
    await browser.waitUntil(
      () =>
        browser.execute(
          () => document.querySelector('[data-testid="receivedAt"]')?.contains(document.activeElement) ?? false,
        ),
      { timeoutMsg: 'ticking 纸质表补录 did not move the cursor to 受理时间' },
    );
    // Away from the picker, which opened with the cursor: here the time is typed last.
    await click(browser, '.register-view .view-header h2');
    await fillComplaint(PAPER_COMPLAINT);
    // The patrol on duty that night had been told of the leak: chosen from the staff.
    await choose(browser, 'accusedPerson', PATROL.displayName);

    // Saved without the paper's time: refused, under 受理时间.
    await click(browser, testId('submit'));
    await browser.waitUntil(async () => (await fieldError(browser, 'receivedAt')) !== '', {
      timeoutMsg: 'no message under 受理时间',
    });
    assert.match(await fieldError(browser, 'receivedAt'), /^受理时间须按纸质意见表填写（补录）$/);
    // The cursor went to the refused time, opening its picker: closed for the pictures.
    await click(browser, '.register-view .view-header h2');
    await bothWidths('paper-register-refused', {
      top: '[data-testid="receivedAt"]',
    });

    await fill(browser, 'receivedAt', PAPER_RECEIVED);
    await browser.keys(Key.Enter);
    const caseNo = await save();
    // The dispatch dialog opens by itself; this one went out on paper already.
    await click(browser, testId('dialog-cancel'));
    await click(browser, testId('last-saved-open'));
    await waitForDetail(browser, caseNo);

    const paperForm = await textOf(browser, 'form-content');
    assert.match(paperForm, /2026-11-29 21:40/);
    assert.match(paperForm, new RegExp(`被投诉人\\s+${PATROL.displayName}`));
    const [registered] = await timeline(browser);
    assert.equal(registered.kind, 'registered');
    assert.match(registered.text, /^【补录】纸质意见表登记，于 2026-11-30 09:\d\d 录入系统/);
    assert.match(
      (await textOf(browser, 'timeline')).split('\n')[0],
      /2026-11-29 21:40/,
      'the entry stands at the paper’s time',
    );
    await bothWidths('paper-backfilled-detail');
  });

  it('registers a confidential complaint against someone without an account, and dispatches it', async () => {
    await click(browser, testId('menu-register'));
    await fillComplaint(CONFIDENTIAL_COMPLAINT);
    await click(browser, testId('confidential'));
    // Typed: a name the staff list does not have becomes the 被投诉人 as written.
    await fill(browser, 'accusedPerson', REPAIRMAN);
    await browser.keys(Key.Enter);
    await browser.waitUntil(async () => (await textOf(browser, 'accusedPerson')).includes(REPAIRMAN), {
      timeoutMsg: `the typed 被投诉人 ${REPAIRMAN} was not taken`,
    });
    await bothWidths('paper-register-confidential', {
      top: '[data-testid="residentName"]',
    });
    confidentialCaseNo = await save();

    await fill(browser, 'step-recipient', ENGINEERING_HEAD.displayName);
    await click(browser, testId('dialog-submit'));
    await (await browser.$(testId('last-dispatched'))).waitForDisplayed();

    // The desk sees the resident as registered, tagged 保密.
    await click(browser, testId('menu-list'));
    const row = await listRow(confidentialCaseNo);
    assert.match(row, /张三 保密/);
    assert.match(row, /3-2-1201/);
  });

  it('masks the resident for the department head, who reveals them with a reason', async () => {
    assert.ok(confidentialCaseNo, 'a confidential complaint was registered');
    await logIn(browser, ENGINEERING_HEAD);
    const dashRow = await browser.$(testId(`dash-row-${confidentialCaseNo}`));
    await dashRow.waitForDisplayed({
      timeoutMsg: 'the complaint is not on the head’s dashboard',
    });
    const onDashboard = await visibleText(browser, dashRow);
    assert.match(onDashboard, /张\*/);
    assert.match(onDashboard, /3-2-\*{4}/);
    assert.match(onDashboard, /保密/);
    assert.doesNotMatch(onDashboard, /张三|1201/);
    assert.equal(
      await (await browser.$(testId('print-blank-form'))).isExisting(),
      false,
      'the blank form is the desk’s',
    );
    await bothWidths('paper-head-dashboard');

    await click(browser, testId('menu-list'));
    const row = await listRow(confidentialCaseNo);
    assert.match(row, /张\* 保密/);
    assert.match(row, /3-2-\*{4}/);
    assert.doesNotMatch(row, /张三|1201/);
    await bothWidths('paper-head-list');

    await click(browser, testId(`row-${confidentialCaseNo}`));
    await waitForDetail(browser, confidentialCaseNo);
    assert.equal(await textOf(browser, 'confidential-tag'), '保密');
    assert.match(await textOf(browser, 'detail-who'), /张\* · 3-2-\*{4}/);
    const form = await textOf(browser, 'form-content');
    assert.match(form, /138\*{4}8000/);
    assert.match(form, new RegExp(REPAIRMAN), '被投诉人 as typed');
    assert.doesNotMatch(form, /13800138000|张三/);
    await bothWidths('paper-head-detail');

    await click(browser, testId('reveal-resident'));
    await click(browser, testId('reveal-submit'));
    await browser.waitUntil(async () => (await fieldError(browser, 'reveal-reason')) !== '', {
      timeoutMsg: 'no message under 查看原因',
    });
    await fill(browser, 'reveal-reason', REVEAL_REASON);
    await click(browser, testId('reveal-submit'));
    await (
      await browser.$(testId('revealed-phone'))
    )
      .waitForDisplayed()
      .catch(async () => assert.fail(`not revealed: ${(await shownErrors(browser)).join(' / ')}`));
    assert.equal(await textOf(browser, 'revealed-phone'), '13800138000');
    assert.equal(await textOf(browser, 'revealed-residentName'), '张三');
    assert.equal(await textOf(browser, 'revealed-room'), '3-2-1201');
    assert.equal(await textOf(browser, 'reveal-audited'), '已记入审计日志');
    await bothWidths('paper-head-revealed');
    await click(browser, testId('reveal-close'));
  });
});

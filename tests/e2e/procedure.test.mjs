// One important complaint through the whole procedure, each step by the role whose job it
// is, each user opening it from their own dashboard queue: register → dispatch →
// forward to 主管经理 → handling notes → handled → form returned → corrective record →
// sign-off rejected → handled → returned → signed off → notified → callback 不满意 →
// reopened → handled → returned → signed off → notified → callback 满意 → archived.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { choose, click, fieldError, fill, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, startApp } from './harness.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, MANAGER, RECEPTIONIST, SUPERVISOR } from './people.mjs';
import { createUsers, logIn, registerByCommand, setUpCenter } from './session.mjs';
import { act, deadlines, expectState, openFromQueue, shownActions, timeline, waitForDetail } from './steps.mjs';

// A Monday morning, so that every same-day deadline falls well inside the run.
const START = '2026-11-30T09:00:00+08:00';
const CASE_NO = /TS-20261130-\d{3}/;

describe('the whole procedure', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let caseNo;
  let earlier;

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, SUPERVISOR, ENGINEERING_HEAD, MANAGER]);
  });

  after(async () => {
    if (browser) await screenshot(browser, 'procedure-last');
    await app?.stop();
  });

  it('registers an important complaint from the keyboard and dispatches it at once', async () => {
    await logIn(browser, RECEPTIONIST);
    // Landing on the dashboard, the receptionist's own queues come first.
    await (await browser.$(testId('queue-toDispatch'))).waitForDisplayed();
    // The same flat complained last week: the desk sees it while typing.
    earlier = await registerByCommand(browser, { ...LEAKING_PIPE, description: '卫生间地漏返味。', category: '维修' });

    await click(browser, testId('menu-register'));
    await fill(browser, 'residentName', LEAKING_PIPE.residentName);
    await browser.keys(Key.Enter);
    assert.equal(await browser.execute(() => document.activeElement?.dataset.testid), 'room', 'Enter moves on to 房号');
    await fill(browser, 'room', LEAKING_PIPE.room);
    await fill(browser, 'phone', LEAKING_PIPE.phone);
    const repeat = await browser.$(testId(`repeat-row-${earlier.caseNo}`));
    await repeat.waitForDisplayed({ timeoutMsg: 'the repeat panel did not show the earlier complaint' });
    await fill(browser, 'location', LEAKING_PIPE.location);
    await choose(browser, 'departmentId', LEAKING_PIPE.department);
    await fill(browser, 'description', LEAKING_PIPE.description);
    await fill(browser, 'residentRequest', LEAKING_PIPE.residentRequest);
    await choose(browser, 'categoryId', LEAKING_PIPE.category);
    // 4.3: the fault is the company's management → 重要 is suggested; the clerk takes it.
    await click(browser, testId('criterion-important'));
    assert.match(await textOf(browser, 'severity-suggestion'), /重要/);
    await click(browser, testId('apply-suggestion'));
    await screenshot(browser, 'register-severity');
    await browser.execute(() => {
      document.querySelector('.main-layout__main').scrollTop = 0;
    });
    await screenshot(browser, 'register', { docs: 'register' });

    await browser.keys([Key.Ctrl, 's']);
    const saved = await browser.$(testId('last-saved'));
    await saved.waitForDisplayed({ timeoutMsg: 'Ctrl+S did not save the form' });
    caseNo = (await visibleText(browser, saved)).match(CASE_NO)[0];

    // The dispatch dialog opens by itself after the save (立即派发 stays above the form).
    await (await browser.$(testId('dialog-submit'))).waitForDisplayed({ timeoutMsg: 'no dispatch dialog after saving' });
    assert.match(await textOf(browser, 'step-departmentId'), /工程维修部/, 'the registered department is pre-filled');
    await fill(browser, 'step-recipient', ENGINEERING_HEAD.displayName);
    await click(browser, testId('dialog-submit'));
    await (await browser.$(testId('last-dispatched'))).waitForDisplayed();

    await click(browser, testId('last-saved-open'));
    await waitForDetail(browser, caseNo);
    await expectState(browser, '已派发');
    assert.match(await textOf(browser, 'policy-version'), /第 1 版/);
    const entries = await timeline(browser);
    assert.deepEqual(
      entries.map((entry) => entry.kind),
      ['registered', 'dispatched'],
    );
    assert.match(entries[1].text, /派发至工程维修部，领表人 吴涛/);
    assert.match(entries[1].text, /林晓（接待员）/);
    const due = await deadlines(browser);
    assert.equal(due.dispatch, '按时完成');
    assert.equal(due.forward, '未到期');
    assert.equal(due.handling, '未到期');
  });

  it('is forwarded by the supervisor to the managing manager', async () => {
    await logIn(browser, SUPERVISOR);
    await openFromQueue(browser, 'toForward', caseNo);
    await act(browser, 'forward', async () => {
      assert.match(await textOf(browser, 'forward-target'), /^管理处主管经理\s*（重要投诉按规程转呈此人）$/);
      await fill(browser, 'step-toName', MANAGER.displayName);
    });
    const entries = await timeline(browser);
    assert.match(entries.at(-1).text, /转呈管理处主管经理 王建国/);
    assert.equal((await deadlines(browser)).forward, '按时完成');
  });

  it('is handled by the department head, with notes', async () => {
    await logIn(browser, ENGINEERING_HEAD);
    await openFromQueue(browser, 'inHandling', caseNo);
    await act(browser, 'addHandlingNote', () => fill(browser, 'step-note', '09:30 入户查看，厨房冷水管接头老化渗漏。'));
    await expectState(browser, '处理中');
    await act(browser, 'addHandlingNote', () => fill(browser, 'step-note', '10:00 关闭分户阀，更换接头。'));
    await act(browser, 'markHandled', () => fill(browser, 'step-result', '已更换冷水管接头，试水两小时无渗漏。'));
    await expectState(browser, '已处理');
    const due = await deadlines(browser);
    assert.equal(due.handling, '按时完成');
    assert.equal(due.return, '未到期');
  });

  it('has its form returned at the desk', async () => {
    await logIn(browser, RECEPTIONIST);
    await openFromQueue(browser, 'toReturn', caseNo);
    await act(browser, 'logFormReturn');
    await expectState(browser, '待签批');
    const due = await deadlines(browser);
    assert.equal(due.return, '按时完成');
    assert.equal(due.signOff, '未到期');
  });

  it('is sent back by the managing manager once, with a reason', async () => {
    await logIn(browser, MANAGER);
    await openFromQueue(browser, 'toSignOff', caseNo);
    await act(browser, 'recordCorrective', async () => {
      await fill(browser, 'step-cause', '管道接头超期使用，巡检未覆盖户内管段。');
      await fill(browser, 'step-correctiveAction', '更换接头并检查同楼层管道。');
      await fill(browser, 'step-preventiveAction', '将户内管道接头纳入季度巡检。');
      await fill(browser, 'step-verifiedBy', '王建国');
    });
    // Rejecting needs a reason: the field says so and nothing is recorded.
    await click(browser, testId('action-signOff'));
    await click(browser, testId('step-approved-false'));
    await click(browser, testId('dialog-submit'));
    await browser.waitUntil(async () => (await fieldError(browser, 'step-comment')) !== '', {
      timeoutMsg: 'no message under the sign-off comment',
    });
    assert.match(await fieldError(browser, 'step-comment'), /签批意见不能为空/);
    await click(browser, testId('dialog-cancel'));
    await act(browser, 'signOff', async () => {
      await click(browser, testId('step-approved-false'));
      await fill(browser, 'step-comment', '楼下天花板受潮未处理，请一并修复后再报。');
    });
    await expectState(browser, '处理中');
    const entries = await timeline(browser);
    assert.equal(entries.at(-1).kind, 'signedOff');
    assert.match(entries.at(-1).text, /签批退回，重新处理/);
    assert.match(entries.at(-1).text, /退回原因：楼下天花板受潮未处理/);
    assert.match(entries.at(-1).text, /王建国（管理处主管经理）/);
    assert.equal((await deadlines(browser)).handling, '未到期');
  });

  it('is handled again, returned, and signed off', async () => {
    await logIn(browser, ENGINEERING_HEAD);
    await openFromQueue(browser, 'inHandling', caseNo);
    await act(browser, 'markHandled', () => fill(browser, 'step-result', '已修复楼下天花板并重新粉刷。'));

    await logIn(browser, RECEPTIONIST);
    await openFromQueue(browser, 'toReturn', caseNo);
    await act(browser, 'logFormReturn');

    await logIn(browser, MANAGER);
    await openFromQueue(browser, 'toSignOff', caseNo);
    await act(browser, 'signOff', () => fill(browser, 'step-comment', '同意，注意回访。'));
    await expectState(browser, '已签批');
    assert.deepEqual(await shownActions(browser), ['recordCorrective', 'void']);
    assert.equal((await deadlines(browser)).signOff, '按时完成');
  });

  it('is notified, called back unsatisfied, and reopened', async () => {
    await logIn(browser, RECEPTIONIST);
    await openFromQueue(browser, 'toNotify', caseNo);
    await screenshot(browser, 'detail', { docs: 'detail' });
    await act(browser, 'notifyResident', () => fill(browser, 'step-response', '住户表示认可。'));
    await expectState(browser, '已回复');
    assert.equal((await deadlines(browser)).notify, '按时完成');

    await logIn(browser, SUPERVISOR);
    await openFromQueue(browser, 'toCallback', caseNo);
    await act(browser, 'callback', async () => {
      await click(browser, testId('step-attitude-satisfied'));
      await click(browser, testId('step-conduct-fair'));
      await click(browser, testId('step-result-dissatisfied'));
      await fill(browser, 'step-remarks', '雨天厨房仍有渗水。');
    });
    await expectState(browser, '已回访');
    assert.match((await timeline(browser)).at(-1).text, /电话回访：服务态度 满意，工作作风 基本满意，处理结果 不满意/);
    assert.equal((await deadlines(browser)).callback, '按时完成');
    await act(browser, 'reopen', () => fill(browser, 'step-reason', '住户回访不满意：雨天仍有渗水。'));
    await expectState(browser, '处理中');
  });

  it('is handled a third time and closed with a satisfied callback, then archived', async () => {
    await logIn(browser, ENGINEERING_HEAD);
    await openFromQueue(browser, 'inHandling', caseNo);
    await act(browser, 'markHandled', () => fill(browser, 'step-result', '外墙防水重新施工，雨后复查无渗水。'));

    await logIn(browser, RECEPTIONIST);
    await openFromQueue(browser, 'toReturn', caseNo);
    await act(browser, 'logFormReturn');

    await logIn(browser, MANAGER);
    await openFromQueue(browser, 'toSignOff', caseNo);
    await act(browser, 'signOff');

    await logIn(browser, RECEPTIONIST);
    await openFromQueue(browser, 'toNotify', caseNo);
    await act(browser, 'notifyResident', async () => {
      await click(browser, testId('step-method-inPerson'));
    });

    await logIn(browser, SUPERVISOR);
    await openFromQueue(browser, 'toCallback', caseNo);
    await act(browser, 'callback', async () => {
      await click(browser, testId('step-attitude-satisfied'));
      await click(browser, testId('step-conduct-satisfied'));
      await click(browser, testId('step-result-satisfied'));
    });
    await act(browser, 'archive');
    await expectState(browser, '已归档');
    assert.deepEqual(await shownActions(browser), []);

    const kinds = (await timeline(browser)).map((entry) => entry.kind);
    assert.deepEqual(kinds, [
      'registered',
      'dispatched',
      'forwarded',
      'handlingNote',
      'handlingNote',
      'handled',
      'formReturned',
      'correctiveRecorded',
      'signedOff',
      'handled',
      'formReturned',
      'signedOff',
      'residentNotified',
      'calledBack',
      'reopened',
      'handled',
      'formReturned',
      'signedOff',
      'residentNotified',
      'calledBack',
      'archived',
    ]);
    const texts = (await timeline(browser)).map((entry) => entry.text);
    assert.match(texts[12], /已电话回复住户/);
    assert.match(texts[18], /已上门回复住户/);
    assert.match(texts[19], /服务态度 满意，工作作风 满意，处理结果 满意/);
    await click(browser, testId('language-en-US'));
    await screenshot(browser, 'detail-en');
    await click(browser, testId('language-zh-CN'));
    assert.deepEqual(await deadlines(browser), {
      dispatch: '按时完成',
      forward: '按时完成',
      handling: '按时完成',
      return: '按时完成',
      signOff: '按时完成',
      notify: '按时完成',
      callback: '按时完成',
    });
  });
});

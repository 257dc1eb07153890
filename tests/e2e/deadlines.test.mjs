// A complaint registered at T and not dispatched: the desk is switched off, and started
// again at T + 11 minutes on the same data. The dashboard shows it overdue for dispatch,
// in red, counting up. Then the administrator counts dispatch in working time, and a
// complaint registered that night at 23:40 waits in 「非工作时间登记」 with its clock
// starting at the next opening, not overdue at 23:50.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { click, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, startApp } from './harness.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, RECEPTIONIST } from './people.mjs';
import { createUsers, invokeOk, logIn, registerByCommand, setUpCenter } from './session.mjs';
import { deadlines, openFromQueue } from './steps.mjs';

const T = '2026-11-30T09:00:00+08:00';
const T_PLUS_11 = '2026-11-30T09:11:00+08:00';
const NIGHT = '2026-11-30T23:40:00+08:00';
/** Element Plus's danger and warning colours, as computed. */
const RED = 'rgb(245, 108, 108)';

async function countdown(browser, queue, caseNo) {
  const row = await browser.$(`${testId(`queue-${queue}`)} ${testId(`dash-row-${caseNo}`)}`);
  await row.waitForDisplayed({ timeoutMsg: `${caseNo} is not in the ${queue} queue` });
  const clock = await row.$(testId('countdown'));
  return {
    text: await visibleText(browser, clock),
    urgency: await clock.getAttribute('data-urgency'),
    color: await browser.execute((element) => getComputedStyle(element).color, clock),
  };
}

describe('deadlines across a restart', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let late;

  before(async () => {
    app = await startApp({ startTime: T });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, ENGINEERING_HEAD]);
  });

  after(async () => {
    if (browser) await screenshot(browser, 'deadlines-last');
    await app?.stop();
  });

  it('counts down the ten dispatch minutes, second by second', async () => {
    await logIn(browser, RECEPTIONIST);
    late = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      residentName: '李四',
      room: '5-1-302',
      phone: '13912345678',
    });
    const first = await countdown(browser, 'toDispatch', late.caseNo);
    assert.match(first.text, /^剩余 (9|10) 分 \d{1,2} 秒$/);
    assert.equal(first.urgency, 'pending');
    await browser.waitUntil(async () => (await countdown(browser, 'toDispatch', late.caseNo)).text !== first.text, {
      timeout: 3_000,
      timeoutMsg: 'the countdown does not tick',
    });
    assert.equal(await textOf(browser, 'queue-count-toDispatch'), '1');
    assert.equal(await textOf(browser, 'queue-count-overdue'), '0');
  });

  it('shows it overdue for dispatch after a restart eleven minutes later', async () => {
    app = await app.restart({ startTime: T_PLUS_11 });
    browser = app.browser;
    await (await browser.$(testId('login-title'))).waitForDisplayed({ timeout: 30_000 });
    await click(browser, testId('language-zh-CN'));
    await logIn(browser, RECEPTIONIST);

    const overdue = await countdown(browser, 'overdue', late.caseNo);
    // Registered a few seconds after T, so about a minute late.
    assert.match(overdue.text, /^已逾期 (1 分 )?\d{1,2} 秒$/);
    assert.equal(overdue.urgency, 'overdue');
    assert.equal(overdue.color, RED);
    assert.equal(await textOf(browser, 'queue-count-overdue'), '1');
    // Still to dispatch, and red there too.
    assert.equal((await countdown(browser, 'toDispatch', late.caseNo)).urgency, 'overdue');

    // The desk's other work, so that the dashboard shows what a morning looks like.
    const fresh = await registerByCommand(browser, { ...LEAKING_PIPE, severity: 'important' });
    const harm = await registerByCommand(
      browser,
      {
        ...LEAKING_PIPE,
        residentName: '王五',
        room: '1-1-101',
        phone: '13700001111',
        description: '地下车库入口卷帘门下落砸中车辆。',
        category: '停车',
        severity: 'major',
      },
      { ongoingHarm: true, immediateMeasure: '已切断卷帘门电源并设置警示。' },
    );
    const departments = await invokeOk(browser, 'list_departments');
    await invokeOk(browser, 'apply_step', {
      id: harm.id,
      step: { step: 'dispatch', input: { departmentId: departments[0].id, recipient: ENGINEERING_HEAD.displayName } },
    });
    await browser.waitUntil(async () => (await textOf(browser, 'queue-count-toDispatch')) === '2', {
      timeoutMsg: 'the dashboard did not refresh after the new complaints',
    });
    const pending = await countdown(browser, 'toDispatch', fresh.caseNo);
    assert.match(pending.text, /^剩余 (9|10) 分 \d{1,2} 秒$/);
    await screenshot(browser, 'dashboard', { docs: 'dashboard' });

    await openFromQueue(browser, 'overdue', late.caseNo);
    assert.equal((await deadlines(browser)).dispatch, '已逾期');
  });

  it('starts the dispatch clock of a night registration at the next opening under working time', async () => {
    await logIn(browser, ADMIN);
    await click(browser, testId('menu-settings'));
    await click(browser, '#tab-policy');
    await click(browser, testId('working-kind-dispatch-true'));
    await click(browser, testId('policy-save'));
    await browser.waitUntil(async () => /当前为第 2 版/.test(await textOf(browser, 'policy-current')), {
      timeoutMsg: 'the working-time policy was not saved',
    });
    const saved = await invokeOk(browser, 'list_policy_versions');
    assert.deepEqual(saved.at(-1).policy.workingKinds, ['dispatch']);

    app = await app.restart({ startTime: NIGHT });
    browser = app.browser;
    await (await browser.$(testId('login-title'))).waitForDisplayed({ timeout: 30_000 });
    await click(browser, testId('language-zh-CN'));
    await logIn(browser, RECEPTIONIST);
    const night = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      residentName: '赵六',
      room: '2-3-1101',
      phone: '13600002222',
      description: '楼上深夜装修噪音。',
    });
    const row = await browser.$(`${testId('queue-afterHours')} ${testId(`dash-row-${night.caseNo}`)}`);
    await row.waitForDisplayed({ timeoutMsg: 'the night registration is not in 非工作时间登记' });
    assert.equal(await visibleText(browser, await row.$(testId('clock-start'))), '计时起点 12月1日 08:30');
    // Nine hours to go, plain: not overdue ten minutes after 23:40 as on the calendar clock.
    const waiting = await countdown(browser, 'afterHours', night.caseNo);
    assert.match(waiting.text, /^剩余 (8|9) 小时 \d{1,2} 分$/);
    assert.equal(waiting.urgency, 'pending');
    await screenshot(browser, 'after-hours');

    await openFromQueue(browser, 'afterHours', night.caseNo);
    assert.match(await textOf(browser, 'deadline-rule-dispatch'), /登记后 10 个办公分钟内（非办公时间不计时）/);
    assert.equal(await textOf(browser, 'deadline-timing-dispatch'), '工作时间');
    assert.match(await textOf(browser, 'deadline-dispatch'), /08:40/);
  });
});

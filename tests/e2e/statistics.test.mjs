// 统计分析 as the managing manager reads it: a month's cards and department scorecard
// show exactly what the desk registered (invalid complaints counted in the totals but
// not in the scorecard, the month before kept apart), the same figures the backend
// command gives and the database file holds; the figures are held against their targets
// (达标 green, 不合格 red, the department under the satisfaction line named), with the
// public-affairs appraisal and the people complained about; the monthly report prints
// them, and a quarter is compared with the quarter before. A receptionist sees no 统计分析
// menu and is refused the command when calling it directly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { click, printedFile, testId, textOf, visibleText } from './desk.mjs';
import { screenshot, screenshotBothWidths, startApp } from './harness.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, MANAGER, RECEPTIONIST, SECURITY_HEAD } from './people.mjs';
import { createUsers, invoke, invokeOk, logIn, registerByCommand, setUpCenter } from './session.mjs';

// The last day of November: the month's complaints are registered "now", and one the
// day before the month began is back-dated to 31 October.
const START = '2026-11-30T09:00:00+08:00';
const NOVEMBER = { month: '2026-11', from: '2026-11-01', to: '2026-11-30' };
const OCTOBER = { month: '2026-10', from: '2026-10-01', to: '2026-10-31' };

const NOISE = {
  residentName: '赵六',
  room: '7-1-502',
  phone: '13600001234',
  location: '7 栋楼下',
  department: SECURITY_HEAD.department,
  category: '安保',
  description: '夜间有外来车辆鸣笛，保安未劝阻。',
  residentRequest: '加强夜间巡查',
};
// 被投诉人 as typed: people without an account at the desk.
const REPAIRMAN = '维修工老周';
const GUARD = '保安小李';
const LITTER = {
  residentName: '孙七',
  room: '2-1-101',
  phone: '13500005678',
  location: '2 栋垃圾桶旁',
  department: '环境绿化部',
  category: '保洁',
  description: '垃圾桶两天未清运，气味很大。',
  residentRequest: '及时清运',
};

/** The rows of an el-table marked `data-testid=<id>`, as the texts of their cells. */
function tableRows(browser, id) {
  return browser.execute(
    (css) =>
      Array.from(document.querySelectorAll(`${css} .el-table__body-wrapper tbody tr`)).map((row) =>
        Array.from(row.querySelectorAll('td')).map((cell) => cell.innerText.trim()),
      ),
    testId(id),
  );
}

/** A rate as the page shows it: `66.7%`. */
const percent = (rate) => `${((rate.count / rate.of) * 100).toFixed(1)}%`;

/** The row of an el-table whose first cell is `first`, as the texts of its cells. */
async function rowOf(browser, id, first) {
  const rows = await tableRows(browser, id);
  const row = rows.find((cells) => cells[0] === first);
  assert.ok(row, `no ${first} in ${id}: ${JSON.stringify(rows)}`);
  return row;
}

/** The colour of the verdict tag of a figure (a deadline kind's code, or satisfaction). */
async function verdictOf(browser, key) {
  const tag = await browser.$(testId(`target-verdict-${key}`));
  await tag.waitForDisplayed();
  const classes = await tag.getAttribute('class');
  return { text: await visibleText(browser, tag), color: classes.match(/el-tag--(success|warning|danger|info)/)?.[1] };
}

/** Scrolls the statistics card titled `title` to the top of the page. */
async function scrollToCard(browser, title) {
  await browser.execute((wanted) => {
    const heading = Array.from(document.querySelectorAll('.stat-card__title')).find(
      (element) => element.innerText.trim() === wanted,
    );
    heading?.closest('.stat-card')?.scrollIntoView({ block: 'start' });
  }, title);
}

/** A summary card's figure and its comparison with the period before. */
async function card(browser, key) {
  const element = await browser.$(testId(`stat-${key}`));
  await element.waitForDisplayed();
  return {
    value: await visibleText(browser, await element.$('.summary-card__value')),
    delta: await visibleText(browser, await element.$('.summary-card__delta')),
  };
}

/** Picks a month in the page's month picker, typing it as a person would, and waits for its figures. */
async function showMonth(browser, { month, from, to }) {
  const input = await browser.$(`${testId('stat-month')} input`);
  await click(browser, input);
  await browser.keys([Key.Ctrl, 'a']);
  await browser.keys(Key.Backspace);
  await input.addValue(month);
  await browser.keys(Key.Enter);
  const period = await browser.$('.statistics-view__compare');
  await browser.waitUntil(async () => (await visibleText(browser, period)).startsWith(`统计期间 ${from} 至 ${to}`), {
    timeoutMsg: `the page did not show ${month}`,
  });
}

describe('statistics', { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), 'complaintdesk-report-'));
  let app;
  let browser;
  const registered = {};

  /** What the database file holds for a month: complaints by department, valid or not. */
  function stored({ from, to }) {
    const start = Date.parse(`${from}T00:00:00+08:00`);
    const end = Date.parse(`${to}T00:00:00+08:00`) + 24 * 3600 * 1000;
    const out = execFileSync(
      'sqlite3',
      [
        '-separator',
        '|',
        app.dbPath,
        `select d.name, c.valid, count(*) from complaints c join departments d on d.id = c.department_id
         where c.received_at >= ${start} and c.received_at < ${end} group by d.name, c.valid order by d.name, c.valid`,
      ],
      { encoding: 'utf8' },
    );
    return out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [department, valid, count] = line.split('|');
        return { department, valid: valid === '1', count: Number(count) };
      });
  }

  before(async () => {
    app = await startApp({ startTime: START, env: { COMPLAINTDESK_PRINT_DIR: printDir } });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, MANAGER, SECURITY_HEAD]);

    // November: two to 工程维修部 (one dispatched, one still within its ten minutes), one
    // to 秩序维护部 (dispatched), and one judged invalid against 工程维修部. The two valid
    // ones of 工程维修部 name its repairman, the invalid one too (not counted), the noise
    // its guard.
    await logIn(browser, RECEPTIONIST);
    registered.pipe = await registerByCommand(browser, LEAKING_PIPE, { accusedPerson: REPAIRMAN });
    registered.drain = await registerByCommand(
      browser,
      { ...LEAKING_PIPE, room: '3-2-1202', phone: '13800138001', description: '卫生间地漏返味。' },
      { accusedPerson: REPAIRMAN },
    );
    registered.noise = await registerByCommand(browser, NOISE, { accusedPerson: GUARD });
    registered.invalid = await registerByCommand(
      browser,
      { ...LEAKING_PIPE, room: '9-9-909', description: '要求物业承担户内自行改装的热水器维修费用。' },
      { valid: false, invalidReason: '户内自有设备，不属物业服务范围。', accusedPerson: REPAIRMAN },
    );
    for (const [complaint, recipient] of [
      [registered.pipe, ENGINEERING_HEAD.displayName],
      [registered.noise, SECURITY_HEAD.displayName],
    ]) {
      await invokeOk(browser, 'apply_step', {
        id: complaint.id,
        step: { step: 'dispatch', input: { departmentId: null, recipient } },
      });
    }
    // The noise is handled at once, and the resident, told the same day, is not satisfied:
    // 秩序维护部 falls under the satisfaction line.
    const step = (complaint, name, input) =>
      invokeOk(browser, 'apply_step', {
        id: complaint.id,
        step: input === undefined ? { step: name } : { step: name, input },
      });
    await logIn(browser, SECURITY_HEAD);
    await step(registered.noise, 'markHandled', { result: '已安排夜班保安劝离鸣笛车辆。' });
    await logIn(browser, RECEPTIONIST);
    await step(registered.noise, 'logFormReturn');
    await step(registered.noise, 'notifyResident', {
      method: 'phone',
      response: '住户表示知悉。',
      done: { userId: null, name: null, at: null },
    });
    await step(registered.noise, 'callback', {
      reached: true,
      method: 'phone',
      attitude: 'dissatisfied',
      conduct: 'dissatisfied',
      result: 'dissatisfied',
      remarks: '住户认为夜间巡查仍不到位。',
      exclusion: null,
      exclusionReason: null,
      done: { userId: null, name: null, at: null },
    });
    // October: received on the 31st and never dispatched, so it is overdue for dispatch
    // and for handling (two days for a minor complaint).
    registered.october = await registerByCommand(browser, LITTER, { receivedAt: '2026-10-31 10:00' });
  });

  after(async () => {
    if (browser) await screenshot(browser, 'statistics-last');
    await app?.stop();
    if (!process.env.COMPLAINTDESK_KEEP_DATA) rmSync(printDir, { recursive: true, force: true });
  });

  it('keeps the statistics from a receptionist, in the menu and behind it', async () => {
    // Still the receptionist who registered them.
    await (await browser.$(testId('menu-list'))).waitForDisplayed();
    assert.equal(await (await browser.$(testId('menu-statistics'))).isExisting(), false);
    const attempt = await invoke(browser, 'statistics', { from: NOVEMBER.from, to: NOVEMBER.to });
    assert.equal(attempt.refused?.kind, 'notPermitted', JSON.stringify(attempt));
    assert.equal(attempt.ok, undefined, 'no figures came back');
    const print = await invoke(browser, 'print_report', { month: NOVEMBER.month });
    assert.equal(print.refused?.kind, 'notPermitted', JSON.stringify(print));
    assert.deepEqual(readdirSync(printDir), [], 'nothing was printed');
    // Typing the address does not open it either.
    await browser.execute(() => {
      window.location.hash = '#/statistics';
    });
    await (await browser.$(testId('queue-toDispatch'))).waitForDisplayed({ timeoutMsg: 'the statistics page opened' });
    assert.equal(await (await browser.$(testId('stat-total'))).isExisting(), false);
  });

  it('shows the month the desk registered, as the backend and the database count it', async () => {
    await logIn(browser, MANAGER);
    await click(browser, testId('menu-statistics'));
    await (await browser.$(testId('stat-total'))).waitForDisplayed({ timeoutMsg: 'the statistics page did not open' });
    // October first, then November: the month picker decides what is counted.
    await showMonth(browser, OCTOBER);
    assert.equal((await card(browser, 'total')).value, '1');
    const octoberDepartments = await tableRows(browser, 'stat-departments');
    const litter = octoberDepartments.find((row) => row[0] === '环境绿化部');
    assert.deepEqual(litter?.slice(0, 3), ['环境绿化部', '1', '0.0%'], JSON.stringify(octoberDepartments));
    const breaches = await tableRows(browser, 'stat-breaches');
    assert.deepEqual(
      breaches.map((row) => [row[0], row[1], row[2], row[4]]),
      [
        [registered.october.caseNo, '环境绿化部', '派发', '仍未完成'],
        [registered.october.caseNo, '环境绿化部', '处理', '仍未完成'],
      ],
      'never dispatched, its ten minutes and its two handling days are long past',
    );

    await showMonth(browser, NOVEMBER);
    const compared = await visibleText(browser, await browser.$('.statistics-view__compare'));
    assert.match(compared, /对比上期 2026-10-01 至 2026-10-31/);
    assert.deepEqual(await card(browser, 'total'), { value: '4', delta: '较上期 ↑ +3' });
    assert.deepEqual(await card(browser, 'valid'), { value: '3', delta: '较上期 ↑ +2' });
    assert.deepEqual(await card(browser, 'invalid'), { value: '1', delta: '较上期 ↑ +1' });
    // The scorecard counts valid complaints only; of the dispatch deadlines, the one still
    // running is not decided yet, the two dispatched at once were on time.
    const departments = await tableRows(browser, 'stat-departments');
    const line = (name) => departments.find((row) => row[0] === name)?.slice(0, 3);
    assert.deepEqual(line('工程维修部'), ['工程维修部', '2', '100.0%'], JSON.stringify(departments));
    assert.deepEqual(line('秩序维护部'), ['秩序维护部', '1', '100.0%'], JSON.stringify(departments));
    assert.deepEqual(line('环境绿化部'), ['环境绿化部', '0', '—'], JSON.stringify(departments));
    assert.deepEqual(await tableRows(browser, 'stat-breaches'), [], 'no November deadline was missed');
    await browser.execute(() => {
      document.querySelector('.main-layout__main').scrollTop = 0;
    });
    await screenshot(browser, 'statistics');

    // The same figures from the command the page calls, and from the file itself.
    const figures = (await invokeOk(browser, 'statistics', { from: NOVEMBER.from, to: NOVEMBER.to })).figures;
    assert.deepEqual([figures.counts.total, figures.counts.valid, figures.counts.invalid], [4, 3, 1]);
    const byDepartment = Object.fromEntries(figures.counts.byDepartment.map((count) => [count.label, count.count]));
    const scorecard = Object.fromEntries(figures.departments.map((row) => [row.name, row.received]));
    for (const row of departments) {
      assert.equal(String(scorecard[row[0]]), row[1], `the page and the command agree on ${row[0]}`);
    }
    const file = stored(NOVEMBER);
    assert.deepEqual(file, [
      { department: '工程维修部', valid: false, count: 1 },
      { department: '工程维修部', valid: true, count: 2 },
      { department: '秩序维护部', valid: true, count: 1 },
    ]);
    for (const { department, valid, count } of file) {
      if (valid) assert.equal(scorecard[department], count, `scorecard of ${department}`);
    }
    const perDepartment = {};
    for (const { department, count } of file) perDepartment[department] = (perDepartment[department] ?? 0) + count;
    for (const [department, count] of Object.entries(perDepartment)) {
      assert.equal(byDepartment[department], count, `complaints against ${department}`);
    }
    assert.equal(
      figures.counts.total,
      file.reduce((sum, { count }) => sum + count, 0),
    );
    assert.deepEqual(stored(OCTOBER), [{ department: '环境绿化部', valid: true, count: 1 }]);
  });

  it('holds the month against its targets, with the appraisal and the people complained about', async () => {
    // Still November. Both dispatches decided were on time; the one callback was not
    // satisfied, so the satisfaction and 秩序维护部 are under the 80 % line.
    assert.deepEqual(await rowOf(browser, 'stat-targets', '派发按时率'), [
      '派发按时率',
      '100.0%',
      '≥ 95%',
      '90%',
      '达标',
    ]);
    assert.deepEqual(await rowOf(browser, 'stat-targets', '综合满意率'), [
      '综合满意率',
      '0.0%',
      '≥ 85%',
      '80%',
      '不合格',
    ]);
    assert.deepEqual(await verdictOf(browser, 'dispatch'), { text: '达标', color: 'success' });
    assert.deepEqual(await verdictOf(browser, 'satisfaction'), { text: '不合格', color: 'danger' });
    // Minor complaints are not forwarded: nothing to judge.
    assert.deepEqual(await verdictOf(browser, 'forward'), { text: '无数据', color: 'info' });
    assert.match(await textOf(browser, 'stat-failing'), /满意率低于不合格线（80%）的部门\s+秩序维护部 0\.0%/);
    assert.equal(await textOf(browser, 'stat-verdict'), '不合格', 'the satisfaction card says it too');

    // 公共事务考核: the receptionist registered, dispatched, logged the return, told the
    // resident and called back, all in time; each cell is the count and its on-time rate
    // as the command counts them.
    const { figures } = await invokeOk(browser, 'statistics', { from: NOVEMBER.from, to: NOVEMBER.to });
    const desk = figures.duties.find((line) => line.name === RECEPTIONIST.displayName);
    assert.ok(desk, JSON.stringify(figures.duties));
    const cell = (count, rate) => (rate && rate.of > 0 ? `${count} / ${percent(rate)}` : String(count));
    const duties = await rowOf(browser, 'stat-duties', RECEPTIONIST.displayName);
    assert.deepEqual(duties, [
      RECEPTIONIST.displayName,
      cell(desk.registered),
      cell(desk.dispatched, desk.dispatchedOnTime),
      cell(desk.returnsLogged, desk.returnsSameDay),
      cell(desk.forwarded, desk.forwardedOnTime),
      cell(desk.notified, desk.notifiedSameDay),
      cell(desk.calledBack, desk.calledBackOnTime),
      cell(desk.arranged, desk.arrangedOnTime),
    ]);
    assert.ok(desk.registered >= 4, `the four of November at least (${desk.registered})`);
    assert.deepEqual(duties.slice(2, 3), ['2 / 100.0%'], 'both dispatches within their ten minutes');
    assert.deepEqual(duties.slice(5, 7), ['1 / 100.0%', '1 / 100.0%'], 'told the same day, called back in time');
    // 被投诉人: valid complaints only, most first; typed names have no account.
    const accused = (await tableRows(browser, 'stat-accused')).map((row) =>
      row.map((text) => text.replace(/\s+/g, ' ')),
    );
    assert.deepEqual(accused, [
      [`${REPAIRMAN} 非系统用户`, '2', '0', '0', '2'],
      [`${GUARD} 非系统用户`, '1', '0', '0', '1'],
    ]);

    await screenshotBothWidths(browser, 'statistics-targets', () => scrollToCard(browser, '目标对照'));
    await screenshotBothWidths(browser, 'statistics-appraisal', () => scrollToCard(browser, '被投诉人'));
  });

  it('prints the monthly report with the month and its figures', async () => {
    assert.match(await textOf(browser, 'report-panel'), /2026-11 月度报告/);
    await click(browser, testId('report-print'));
    const file = await printedFile(browser, printDir, `月度投诉统计分析-${NOVEMBER.month}`);
    await screenshot(browser, 'statistics-printed');

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /《月度投诉统计分析》/);
    assert.match(text, /2026年11月/);
    assert.match(text, /统计期间：2026-11-01 至 2026-11-30/);
    // 投诉总数: 4 this month, 1 the month before, three more.
    assert.match(text, /投诉总数\s+4\s+1\s+↑3/, text);
    assert.match(text, /无效投诉\s+1\s+0\s+↑1/);
    assert.match(text, /工程维修部\s+2\s+100\.0%/, 'the department scorecard line');
    assert.ok(text.includes(MANAGER.displayName), 'printed by the manager');
  });

  it('compares a quarter with the quarter before, by name', async () => {
    await click(browser, testId('stat-mode-quarter'));
    const period = await browser.$('.statistics-view__compare');
    await browser.waitUntil(async () => (await visibleText(browser, period)).includes('（2026年第4季度）'), {
      timeoutMsg: 'the quarter was not shown',
    });
    assert.equal(
      await visibleText(browser, period),
      '统计期间 2026-10-01 至 2026-12-31（2026年第4季度） · 对比上期 2026-07-01 至 2026-09-30（2026年第3季度）',
    );
    // October's dispatch never happened: of the quarter's dispatches decided, too few
    // were on time (the drain may have run out of its ten minutes by now).
    assert.equal((await card(browser, 'total')).value, '5');
    const quarter = await invokeOk(browser, 'statistics', { from: '2026-10-01', to: '2026-12-31' });
    const dispatch = quarter.checks.find((check) => check.key === 'dispatch');
    assert.equal(dispatch.verdict, 'failing', JSON.stringify(dispatch));
    assert.deepEqual(await rowOf(browser, 'stat-targets', '派发按时率'), [
      '派发按时率',
      percent(dispatch.rate),
      '≥ 95%',
      '90%',
      '不合格',
    ]);
    assert.deepEqual(await verdictOf(browser, 'dispatch'), { text: '不合格', color: 'danger' });
    // The printed report's notice would cover the period controls.
    await browser.execute(() =>
      document.querySelectorAll('.el-notification__closeBtn').forEach((close) => close.click()),
    );
    await (await browser.$('.el-notification')).waitForExist({ reverse: true });
    const toTop = () =>
      browser.execute(() => {
        document.querySelector('.main-layout__main').scrollTop = 0;
      });
    await screenshotBothWidths(browser, 'statistics-quarter', toTop);

    // In English, the controls and the new tables still fit.
    await click(browser, testId('language-en-US'));
    await browser.waitUntil(async () => (await visibleText(browser, period)).includes('(Q4 2026)'), {
      timeoutMsg: 'the quarter was not named in English',
    });
    await screenshotBothWidths(browser, 'statistics-quarter-en', toTop);
    await screenshotBothWidths(browser, 'statistics-appraisal-en', () =>
      scrollToCard(browser, 'People complained about'),
    );
    await click(browser, testId('language-zh-CN'));
  });
});

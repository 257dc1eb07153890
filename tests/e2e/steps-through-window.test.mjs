// Steps taken through their dialogs in the window: waiting on the resident and back,
// an extension asked for and decided both ways, and a complaint voided.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import { click, fill, testId, textOf } from "./desk.mjs";
import { screenshot, startApp } from "./harness.mjs";
import {
  ADMIN,
  ENGINEERING_HEAD,
  LEAKING_PIPE,
  MANAGER,
  RECEPTIONIST,
  SUPERVISOR,
} from "./people.mjs";
import {
  createUsers,
  invokeOk,
  logIn,
  registerByCommand,
  setUpCenter,
} from "./session.mjs";
import {
  act,
  deadlines,
  expectState,
  shownActions,
  timeline,
  waitForDetail,
} from "./steps.mjs";

const START = "2026-11-30T09:00:00+08:00";
const NEW_DEADLINE = "2026-12-08 18:00";

describe("steps through the window", { timeout: 300_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [
      RECEPTIONIST,
      ENGINEERING_HEAD,
      SUPERVISOR,
      MANAGER,
    ]);
  });

  after(async () => {
    if (browser) await screenshot(browser, "through-window-last");
    await app?.stop();
  });

  /** The receptionist registers a minor leak in `room` and dispatches it to 工程维修部. */
  async function dispatched(room) {
    await logIn(browser, RECEPTIONIST);
    const complaint = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      room,
      severity: "minor",
    });
    await invokeOk(browser, "apply_step", {
      id: complaint.id,
      step: {
        step: "dispatch",
        input: { departmentId: null, recipient: ENGINEERING_HEAD.displayName },
      },
    });
    return complaint;
  }

  /** Finds the complaint in the list by its case number and opens it. */
  async function openFromList(caseNo) {
    await click(browser, testId("menu-list"));
    await fill(browser, "filter-text", caseNo);
    await browser.keys(Key.Enter);
    await click(browser, testId(`row-${caseNo}`));
    await waitForDetail(browser, caseNo);
  }

  /** The department head asks, through the dialog, for the handling deadline to move. */
  async function requestExtension(reason, shot) {
    await act(browser, "requestExtension", async () => {
      await fill(browser, "step-newDeadline", NEW_DEADLINE);
      await browser.keys(Key.Enter);
      await fill(browser, "step-reason", reason);
      if (shot) await screenshot(browser, shot);
    });
    assert.match(
      await textOf(browser, "pending-extension"),
      new RegExp(`延期申请待审批：延至 ${NEW_DEADLINE}，由管理处主管经理审批`),
    );
    assert.match(
      (await timeline(browser)).at(-1).text,
      new RegExp(`申请延期至 ${NEW_DEADLINE}`),
    );
  }

  async function pendingGone() {
    await (
      await browser.$(testId("pending-extension"))
    ).waitForDisplayed({
      reverse: true,
      timeoutMsg: "the pending extension is still shown after the decision",
    });
  }

  it("pauses the handling deadline while waiting on the resident, and resumes it", async () => {
    const complaint = await dispatched("3-2-1201");
    await logIn(browser, ENGINEERING_HEAD);
    await openFromList(complaint.caseNo);
    assert.doesNotMatch(
      (await deadlines(browser)).handling,
      /已暂停/,
      "the clock runs before the wait",
    );

    await act(browser, "startWait", async () => {
      await fill(browser, "step-reason", "住户出差，本周无法入户查看。");
      await screenshot(browser, "through-window-start-wait");
    });
    await expectState(browser, "等待住户");
    assert.match((await deadlines(browser)).handling, / 已暂停$/);
    const actions = await shownActions(browser);
    assert.ok(
      actions.includes("endWait") && !actions.includes("startWait"),
      `waiting offers 恢复处理 (${actions})`,
    );
    const waiting = (await timeline(browser)).at(-1);
    assert.equal(waiting.kind, "waitStarted");
    assert.match(waiting.text, /等待住户，处理计时暂停/);
    assert.match(waiting.text, /原因：住户出差，本周无法入户查看。/);
    assert.match(waiting.text, /吴涛（部门主管）/);

    await act(browser, "endWait", async () => {
      assert.match(
        await textOf(browser, "step-confirm"),
        /住户已能配合，恢复处理计时？/,
      );
      await screenshot(browser, "through-window-end-wait");
    });
    await expectState(browser, "处理中");
    assert.doesNotMatch(
      (await deadlines(browser)).handling,
      /已暂停/,
      "the clock runs again",
    );
    const entries = await timeline(browser);
    assert.deepEqual(
      entries.slice(-2).map((entry) => entry.kind),
      ["waitStarted", "waitEnded"],
    );
    assert.match(entries.at(-1).text, /结束等待，恢复处理计时/);
    assert.match(entries.at(-1).text, /吴涛（部门主管）/);
  });

  it("lets the manager approve an extension the department head asked for", async () => {
    const complaint = await dispatched("5-1-302");
    await logIn(browser, ENGINEERING_HEAD);
    await openFromList(complaint.caseNo);
    await requestExtension(
      "需订购进口阀门，到货约 5 天。",
      "through-window-request-extension",
    );

    await logIn(browser, MANAGER);
    await openFromList(complaint.caseNo);
    await (await browser.$(testId("pending-extension"))).waitForDisplayed();
    await act(browser, "decideExtension", async () => {
      const request = await textOf(browser, "pending-request");
      assert.match(request, new RegExp(NEW_DEADLINE));
      assert.match(request, /需订购进口阀门/);
      assert.match(request, /管理处主管经理/);
      await click(browser, testId("step-approved-true"));
      await fill(browser, "step-reason", "同意，阀门到货后立即更换。");
      await screenshot(browser, "through-window-approve-extension");
    });
    await pendingGone();
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "extensionDecided");
    assert.match(last.text, new RegExp(`批准延期至 ${NEW_DEADLINE}`));
    assert.match(last.text, /审批意见：同意，阀门到货后立即更换。/);
    assert.match(last.text, /王建国（管理处主管经理）/);
    assert.match(
      await textOf(browser, "deadline-handling"),
      new RegExp(NEW_DEADLINE),
      "the handling deadline moved",
    );
    assert.ok(
      !(await shownActions(browser)).includes("decideExtension"),
      "nothing left to decide",
    );
  });

  it("lets the manager refuse an extension, with the reason", async () => {
    const complaint = await dispatched("6-3-1102");
    await logIn(browser, ENGINEERING_HEAD);
    await openFromList(complaint.caseNo);
    const before = await textOf(browser, "deadline-handling");
    await requestExtension("班组人手不足，需下周安排。");

    await logIn(browser, MANAGER);
    await openFromList(complaint.caseNo);
    await act(browser, "decideExtension", async () => {
      await click(browser, testId("step-approved-false"));
      await fill(
        browser,
        "step-reason",
        "漏水影响楼下住户，须按期处理，可从其他班组调人。",
      );
      await screenshot(browser, "through-window-refuse-extension");
    });
    await pendingGone();
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "extensionDecided");
    assert.match(last.text, /不批准延期/);
    assert.doesNotMatch(last.text, /批准延期至/);
    assert.match(
      last.text,
      /审批意见：漏水影响楼下住户，须按期处理，可从其他班组调人。/,
    );
    assert.match(last.text, /王建国（管理处主管经理）/);
    assert.equal(
      await textOf(browser, "deadline-handling"),
      before,
      "the handling deadline stays",
    );
    assert.doesNotMatch(before, new RegExp(NEW_DEADLINE));
  });

  it("lets the supervisor void a complaint, after which nothing is offered", async () => {
    const complaint = await dispatched("8-1-601");
    await logIn(browser, SUPERVISOR);
    await openFromList(complaint.caseNo);
    await act(browser, "void", async () => {
      await fill(
        browser,
        "step-reason",
        "住户重复来电，与 3-2-1201 为同一漏水点，已合并处理。",
      );
      await screenshot(browser, "through-window-void");
    });
    await expectState(browser, "已作废");
    assert.deepEqual(await shownActions(browser), []);
    assert.match(
      await textOf(browser, "no-actions"),
      /当前没有需要您办理的操作/,
    );
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "voided");
    assert.match(last.text, /作废/);
    assert.match(last.text, /原因：住户重复来电/);
    assert.match(last.text, /周敏（公共事务部主管）/);
  });
});

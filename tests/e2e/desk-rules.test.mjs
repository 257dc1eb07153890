// What the desk refuses: an empty form, a step by the wrong role (even when called
// directly), and how a form sent to the wrong department comes back and goes out again.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import { choose, click, fieldError, fill, testId, textOf } from "./desk.mjs";
import { screenshot, startApp } from "./harness.mjs";
import {
  ADMIN,
  ENGINEERING_HEAD,
  LEAKING_PIPE,
  RECEPTIONIST,
  SECURITY_HEAD,
  SUPERVISOR,
} from "./people.mjs";
import {
  createUsers,
  invoke,
  invokeOk,
  logIn,
  registerByCommand,
  setUpCenter,
} from "./session.mjs";
import {
  act,
  deadlines,
  expectState,
  openFromQueue,
  shownActions,
  timeline,
  waitForDetail,
} from "./steps.mjs";

const START = "2026-11-30T09:00:00+08:00";
const REQUIRED = [
  "residentName",
  "room",
  "phone",
  "departmentId",
  "description",
  "residentRequest",
  "categoryId",
  "severity",
];

describe("desk rules", { timeout: 300_000 }, () => {
  let app;
  let browser;
  let complaint;

  const count = (table) =>
    Number(
      execFileSync("sqlite3", [app.dbPath, `select count(*) from ${table}`], {
        encoding: "utf8",
      }).trim(),
    );

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, ENGINEERING_HEAD, SECURITY_HEAD]);
  });

  after(async () => {
    if (browser) await screenshot(browser, "rules-last");
    await app?.stop();
  });

  it("names every missing field of an empty form and stores nothing", async () => {
    await logIn(browser, RECEPTIONIST);
    await click(browser, testId("menu-register"));
    // The form is a chunk of its own: the shortcut is the form's, once it is on screen.
    await browser.$(testId("residentName")).waitForDisplayed();
    await browser.keys([Key.Ctrl, "s"]);
    await browser.waitUntil(
      async () => (await fieldError(browser, "residentName")) !== "",
      {
        timeoutMsg: "no message under the resident name",
      },
    );
    for (const field of REQUIRED) {
      assert.match(
        await fieldError(browser, field),
        /不能为空/,
        `message under ${field}`,
      );
    }
    await screenshot(browser, "rules-empty-form");

    // Harm still being done: the immediate measure is asked first and cannot be left out.
    await click(browser, testId("ongoingHarm"));
    await browser.waitUntil(
      async () =>
        (await browser.execute(
          () => document.activeElement?.dataset.testid,
        )) === "immediateMeasure",
      {
        timeoutMsg:
          "ticking 正在造成损害 did not move the cursor to the measure",
      },
    );
    await click(browser, testId("submit"));
    await browser.waitUntil(
      async () => (await fieldError(browser, "immediateMeasure")) !== "",
      {
        timeoutMsg: "no message under the immediate measure",
      },
    );
    assert.match(
      await fieldError(browser, "immediateMeasure"),
      /已采取的紧急措施不能为空/,
    );

    assert.equal(count("complaints"), 0);
    assert.equal(count("events"), 0);
  });

  it("takes back a misdirected form and dispatches it again", async () => {
    // Esc clears the form (after a confirmation, as it is filled in).
    await browser.keys(Key.Escape);
    await click(browser, ".el-message-box .el-button--primary");
    complaint = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      severity: "minor",
    });

    await openFromQueue(browser, "toDispatch", complaint.caseNo);
    await act(browser, "dispatch", async () => {
      await choose(browser, "step-departmentId", SECURITY_HEAD.department);
      await fill(browser, "step-recipient", SECURITY_HEAD.displayName);
    });
    await expectState(browser, "已派发");

    // The security head sees it in their own queue, and returns it.
    await logIn(browser, SECURITY_HEAD);
    await openFromQueue(browser, "inHandling", complaint.caseNo);
    await act(browser, "returnMisdirected", () =>
      fill(browser, "step-reason", "厨房水管漏水属工程维修部，非秩序维护部。"),
    );
    await expectState(browser, "已登记");
    const left = await shownActions(browser);
    assert.ok(
      !left.includes("returnMisdirected") && !left.includes("markHandled"),
      `handling is over for them (${left})`,
    );

    await logIn(browser, RECEPTIONIST);
    await openFromQueue(browser, "toDispatch", complaint.caseNo);
    await act(browser, "dispatch", async () => {
      await choose(browser, "step-departmentId", ENGINEERING_HEAD.department);
      await fill(browser, "step-recipient", ENGINEERING_HEAD.displayName);
    });
    await expectState(browser, "已派发");
    assert.match(await textOf(browser, "form-department"), /工程维修部/);
    const entries = await timeline(browser);
    assert.deepEqual(
      entries.map((entry) => entry.kind),
      ["registered", "dispatched", "dispatchReturned", "dispatched"],
    );
    assert.match(entries[1].text, /派发至秩序维护部，领表人 郑强/);
    assert.match(entries[2].text, /回退：派发有误/);
    assert.match(entries[2].text, /原因：厨房水管漏水属工程维修部/);
    assert.match(entries[2].text, /郑强（部门主管）/);
    assert.match(entries[3].text, /派发至工程维修部，领表人 吴涛/);
    assert.equal((await deadlines(browser)).dispatch, "按时完成");
  });

  it("keeps the extension decision from a receptionist, in the window and behind it", async () => {
    await logIn(browser, ENGINEERING_HEAD);
    await openFromQueue(browser, "inHandling", complaint.caseNo);
    await act(browser, "requestExtension", async () => {
      await fill(browser, "step-newDeadline", "2026-12-05 18:00");
      await browser.keys(Key.Enter);
      await fill(browser, "step-reason", "需订购进口阀门，到货约 5 天。");
    });
    assert.match(
      await textOf(browser, "pending-extension"),
      /延期申请待审批：延至 2026-12-05 18:00，由管理处主管经理审批/,
    );
    assert.match(
      (await timeline(browser)).at(-1).text,
      /申请延期至 2026-12-05 18:00/,
    );

    // The receptionist finds it through the list, by its case number.
    await logIn(browser, RECEPTIONIST);
    await click(browser, testId("menu-list"));
    await fill(browser, "filter-text", complaint.caseNo);
    await browser.keys(Key.Enter);
    await click(browser, testId(`row-${complaint.caseNo}`));
    await waitForDetail(browser, complaint.caseNo);
    await (await browser.$(testId("pending-extension"))).waitForDisplayed();
    const actions = await shownActions(browser);
    assert.ok(
      !actions.includes("decideExtension"),
      `no approval for a receptionist (shown: ${actions})`,
    );
    await screenshot(browser, "rules-receptionist-extension");

    const before = await invokeOk(browser, "complaint_detail", {
      id: complaint.id,
    });
    const eventsBefore = count("events");
    const attempt = await invoke(browser, "apply_step", {
      id: complaint.id,
      step: {
        step: "decideExtension",
        input: { approved: true, reason: "同意延期" },
      },
    });
    assert.equal(
      attempt.refused?.kind,
      "notPermitted",
      JSON.stringify(attempt),
    );
    const afterwards = await invokeOk(browser, "complaint_detail", {
      id: complaint.id,
    });
    const standing = (detail) => ({
      ...detail,
      deadlines: detail.deadlines.map(({ status, ...rest }) => rest),
    });
    assert.deepEqual(standing(afterwards), standing(before));
    assert.equal(count("events"), eventsBefore);
  });

  it("answers a major complaint's resident clearly: a promised date needs what was said", async () => {
    await logIn(browser, RECEPTIONIST);
    const major = await registerByCommand(
      browser,
      { ...LEAKING_PIPE, room: "7-1-801" },
      { severity: "major" },
    );
    await click(browser, testId("menu-list"));
    await fill(browser, "filter-text", major.caseNo);
    await browser.keys(Key.Enter);
    await click(browser, testId(`row-${major.caseNo}`));
    await waitForDetail(browser, major.caseNo);
    // A date alone is refused, under the field that is missing.
    await click(browser, testId("action-promiseNextReply"));
    const submit = await browser.$(testId("dialog-submit"));
    await submit.waitForDisplayed();
    await fill(browser, "step-promisedOn", "2026-12-02");
    await browser.keys(Key.Enter);
    await submit.click();
    await browser.waitUntil(
      async () => (await fieldError(browser, "step-said")) !== "",
      {
        timeoutMsg: "no message under 答复内容",
      },
    );
    assert.match(await fieldError(browser, "step-said"), /答复内容不能为空/);
    await fill(
      browser,
      "step-said",
      "已安排工程部明早检查渗水点，告知住户先用防水布遮挡",
    );
    await submit.click();
    await submit.waitForDisplayed({
      reverse: true,
      timeoutMsg: "the promise was not accepted",
    });
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "nextReplyPromised");
    assert.match(last.text, /约定 2026-12-02 再次答复住户/);
    assert.match(last.text, /已告知住户：已安排工程部明早检查渗水点/);
    assert.equal((await deadlines(browser)).firstReply, "按时完成");
    await screenshot(browser, "rules-next-reply");
  });

  it("lets the supervisor re-grade a complaint being handled, with the 4.3 grounds", async () => {
    await logIn(browser, ADMIN);
    await createUsers(browser, [SUPERVISOR]);
    await logIn(browser, RECEPTIONIST);
    const graded = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      room: "9-2-502",
    });
    await logIn(browser, SUPERVISOR);
    await click(browser, testId("menu-list"));
    await fill(browser, "filter-text", graded.caseNo);
    await browser.keys(Key.Enter);
    await click(browser, testId(`row-${graded.caseNo}`));
    await waitForDetail(browser, graded.caseNo);
    await act(browser, "reviewSeverity", async () => {
      await click(browser, testId("step-severity-important"));
      await screenshot(browser, "rules-review-severity");
      await fill(
        browser,
        "step-reason",
        "渗水已影响楼下两户，属管理服务不到位引起，符合重要投诉定义。",
      );
    });
    await browser.waitUntil(
      async () => (await textOf(browser, "detail-severity")) === "重要",
      {
        timeoutMsg: "the grade did not change",
      },
    );
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "severityReviewed");
    assert.match(last.text, /复核投诉等级：由轻微改为重要/);
    assert.match(last.text, /符合重要投诉定义/);
    assert.ok(
      "forward" in (await deadlines(browser)),
      "an important complaint is forwarded",
    );
    // The deadline list says how the re-grade counts the clock.
    assert.match(
      await textOf(browser, "deadline-note-reviewed"),
      /按新等级的天数自受理时起计/,
    );
  });

  it("enters a callback a colleague made, saying who did it apart from who typed it", async () => {
    await logIn(browser, RECEPTIONIST);
    const done = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      room: "2-1-101",
    });
    const step = (name, input) =>
      invokeOk(browser, "apply_step", {
        id: done.id,
        step: input ? { step: name, input } : { step: name },
      });
    await step("dispatch", {
      departmentId: null,
      recipient: ENGINEERING_HEAD.displayName,
    });
    // A minor complaint: the supervisor may handle it.
    await logIn(browser, SUPERVISOR);
    await step("markHandled", { result: "已更换厨房水管接头" });
    await logIn(browser, RECEPTIONIST);
    await step("logFormReturn");
    await step("notifyResident", {
      method: "phone",
      response: "住户表示知悉",
      done: { userId: null, name: null, at: null },
    });
    await click(browser, testId("menu-list"));
    await fill(browser, "filter-text", done.caseNo);
    await browser.keys(Key.Enter);
    await click(browser, testId(`row-${done.caseNo}`));
    await waitForDetail(browser, done.caseNo);
    await act(browser, "callback", async () => {
      for (const field of ["attitude", "conduct", "result"])
        await click(browser, testId(`step-${field}-satisfied`));
      await click(browser, testId("step-done-for"));
      await choose(
        browser,
        "step-doneBy",
        `${SUPERVISOR.displayName}（公共事务部主管）`,
      );
      await screenshot(browser, "rules-done-for");
    });
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "calledBack");
    assert.match(last.text, new RegExp(`经办：${SUPERVISOR.displayName}`));
    assert.match(last.text, /代为录入/);
    assert.match(
      last.text,
      new RegExp(RECEPTIONIST.displayName),
      "who typed it is shown too",
    );
  });

  it("lets anyone change their own password, the old one first", async () => {
    await logIn(browser, RECEPTIONIST);
    await click(browser, testId("change-password"));
    const submit = await browser.$(
      `${testId("password-dialog")} ${testId("dialog-submit")}`,
    );
    await submit.waitForDisplayed();
    await fill(browser, "password-old", "Not@mine2026");
    await fill(browser, "password-new", "Harbour@2027");
    await fill(browser, "password-repeat", "Harbour@2027");
    await submit.click();
    await browser.waitUntil(
      async () => (await fieldError(browser, "oldPassword")) !== "",
      {
        timeoutMsg: "no message under the old password",
      },
    );
    assert.match(await fieldError(browser, "oldPassword"), /原密码不正确/);
    await fill(browser, "password-old", RECEPTIONIST.password);
    await submit.click();
    await submit.waitForDisplayed({
      reverse: true,
      timeoutMsg: "the new password was not taken",
    });
    const changed = { ...RECEPTIONIST, password: "Harbour@2027" };
    await logIn(browser, changed);
    assert.equal(
      (await invokeOk(browser, "current_user")).username,
      RECEPTIONIST.username,
    );
  });
});

// One person, several roles: a small center's receptionist who is also its supervisor.
// The administrator creates her through the window (each role shown with its duties),
// and moves a department head to another department through 编辑; she then registers an
// important complaint and both dispatches it (as the receptionist) and forwards it (as
// the supervisor) from the detail page, her header naming both roles.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import {
  choose,
  chooseAlso,
  click,
  fill,
  shownErrors,
  testId,
  textOf,
  visibleText,
} from "./desk.mjs";
import { screenshot, startApp } from "./harness.mjs";
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, MANAGER } from "./people.mjs";
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
  openFromQueue,
  shownActions,
  timeline,
} from "./steps.mjs";

const START = "2026-11-30T09:00:00+08:00";
const LI_JING = {
  username: "lijing",
  password: "Lijing@2026",
  displayName: "李静",
};
const NEW_DEPARTMENT = "环境绿化部";

/** The text of the table row holding the element with this test id. */
async function rowText(browser, id) {
  const cell = await browser.$(testId(id));
  await cell.waitForDisplayed();
  return visibleText(browser, await cell.$("./ancestor::tr"));
}

async function clickInRow(browser, id, button) {
  const cell = await browser.$(testId(id));
  await cell.waitForDisplayed();
  await click(
    browser,
    await (await cell.$("./ancestor::tr")).$(testId(button)),
  );
}

/** Saves the user dialog and waits for it to close; a refusal fails with what it shows. */
async function saveUserDialog(browser) {
  const dialog = await browser.$(testId("user-dialog"));
  await click(browser, testId("dialog-submit"));
  let closed = false;
  await browser
    .waitUntil(async () => (closed = !(await dialog.isDisplayed())), {
      timeout: 10_000,
    })
    .catch(() => {});
  if (!closed)
    assert.fail(
      `the user was not saved: ${(await shownErrors(browser)).join(" / ")}`,
    );
}

describe("one person, several roles", { timeout: 300_000 }, () => {
  let app;
  let browser;
  let complaint;

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [ENGINEERING_HEAD, MANAGER]);
  });

  after(async () => {
    if (browser) await screenshot(browser, "roles-last");
    await app?.stop();
  });

  it("creates a receptionist who is also the supervisor, each role shown with its duties", async () => {
    await click(browser, testId("menu-settings"));
    await click(browser, "#tab-users");
    await click(browser, testId("user-add"));
    await fill(browser, "user-username", LI_JING.username);
    await fill(browser, "user-displayName", LI_JING.displayName);

    await click(browser, testId("user-role"));
    const items = await browser.$$(
      ".dropdown-user-role .el-select-dropdown__item",
    );
    await items[0].waitForDisplayed();
    const offered = await browser.execute(() =>
      Array.from(
        document.querySelectorAll(
          ".dropdown-user-role .el-select-dropdown__item",
        ),
      ).map((item) => item.innerText.replace(/\s+/g, " ").trim()),
    );
    assert.equal(offered.length, 8, `every role is offered (${offered})`);
    assert.ok(
      offered.some((text) => /^接待员 登记投诉、派发/.test(text)),
      `the receptionist's duties are shown (${offered})`,
    );
    assert.ok(
      offered.some((text) =>
        /^公共事务部主管 转呈、回访、重新处理、归档，处理轻微投诉/.test(text),
      ),
      `the supervisor's duties are shown (${offered})`,
    );
    await screenshot(browser, "roles-picker");
    await browser.keys(Key.Escape);
    await (
      await browser.$(".dropdown-user-role")
    ).waitForDisplayed({ reverse: true });

    await choose(browser, "user-role", "接待员");
    assert.match(await textOf(browser, "user-role-duties"), /登记投诉/);
    await chooseAlso(browser, "user-extraRoles", "公共事务部主管");
    await fill(browser, "user-password", LI_JING.password);
    await saveUserDialog(browser);

    assert.match(
      await rowText(browser, `user-row-${LI_JING.username}`),
      /李静\s+接待员\s+公共事务部主管\s+—\s+正常/,
    );
    const users = await invokeOk(browser, "list_users");
    const saved = users.find((user) => user.username === LI_JING.username);
    assert.equal(saved.role, "receptionist");
    assert.deepEqual(saved.roles, ["receptionist", "supervisor"]);
  });

  it("moves a department head to another department through 编辑", async () => {
    await clickInRow(
      browser,
      `user-row-${ENGINEERING_HEAD.username}`,
      "user-edit",
    );
    const dialog = await browser.$(testId("user-dialog"));
    await dialog.waitForDisplayed();
    assert.match(await visibleText(browser, dialog), /编辑用户：吴涛/);
    // The login name and the password have their own ways.
    assert.equal(
      await (await browser.$(testId("user-username"))).isExisting(),
      false,
    );
    assert.equal(
      await (await browser.$(testId("user-password"))).isExisting(),
      false,
    );
    assert.match(await textOf(browser, "user-departmentId"), /工程维修部/);
    await choose(browser, "user-departmentId", NEW_DEPARTMENT);
    await screenshot(browser, "roles-edit-dialog");
    await saveUserDialog(browser);

    await browser.waitUntil(
      async () =>
        (
          await rowText(browser, `user-row-${ENGINEERING_HEAD.username}`)
        ).includes(NEW_DEPARTMENT),
      { timeoutMsg: "the users table does not show the new department" },
    );
    assert.match(
      await rowText(browser, `user-row-${ENGINEERING_HEAD.username}`),
      /吴涛\s+部门主管\s+环境绿化部/,
    );
    const departments = await invokeOk(browser, "list_departments");
    const users = await invokeOk(browser, "list_users");
    const head = users.find(
      (user) => user.username === ENGINEERING_HEAD.username,
    );
    assert.equal(
      head.departmentId,
      departments.find((department) => department.name === NEW_DEPARTMENT).id,
    );
    await browser.execute(() => {
      document.querySelector(".main-layout__main").scrollTop = 0;
    });
    await screenshot(browser, "roles-users");
  });

  it("lets her both dispatch and forward an important complaint, her header naming both roles", async () => {
    await logIn(browser, LI_JING);
    assert.match(
      await textOf(browser, "current-user"),
      /李静\s*接待员\s*公共事务部主管/,
    );
    // The menu offers what either role may open: registering, and the statistics.
    await (await browser.$(testId("menu-register"))).waitForDisplayed();
    await (await browser.$(testId("menu-statistics"))).waitForDisplayed();
    assert.equal(
      await (await browser.$(testId("menu-settings"))).isExisting(),
      false,
    );

    complaint = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      severity: "important",
    });
    await openFromQueue(browser, "toDispatch", complaint.caseNo);
    const actions = await shownActions(browser);
    assert.ok(actions.includes("dispatch"), `派发 is offered (${actions})`);
    assert.ok(actions.includes("forward"), `转呈 is offered (${actions})`);
    await screenshot(browser, "roles-detail");

    // The department comes filled in: the cursor waits in the recipient, Enter sends it.
    await click(browser, testId("action-dispatch"));
    const submit = await browser.$(testId("dialog-submit"));
    await submit.waitForDisplayed();
    await browser.waitUntil(
      async () =>
        (await browser.execute(
          () => document.activeElement?.dataset.testid,
        )) === "step-recipient",
      { timeoutMsg: "the dispatch dialog did not put the cursor in 领表人" },
    );
    assert.match(await textOf(browser, "step-departmentId"), /工程维修部/);
    await fill(browser, "step-recipient", "赵磊");
    await browser.keys(Key.Enter);
    await submit.waitForDisplayed({
      reverse: true,
      timeoutMsg: "Enter did not send the dispatch",
    });
    await expectState(browser, "已派发");

    await act(browser, "forward", async () => {
      assert.match(await textOf(browser, "forward-target"), /^管理处主管经理/);
      await fill(browser, "step-toName", MANAGER.displayName);
    });
    const entries = await timeline(browser);
    const dispatched = entries.find((entry) => entry.kind === "dispatched");
    const forwarded = entries.find((entry) => entry.kind === "forwarded");
    assert.ok(
      dispatched && forwarded,
      `both steps are in the timeline (${entries.map((entry) => entry.kind)})`,
    );
    // Each step is taken in the role that allows it.
    assert.match(dispatched.text, /李静（接待员）/);
    assert.match(forwarded.text, /转呈管理处主管经理 王建国/);
    assert.match(forwarded.text, /李静（公共事务部主管）/);
    const due = await deadlines(browser);
    assert.equal(due.dispatch, "按时完成");
    assert.equal(due.forward, "按时完成");
    await browser.execute(() => {
      document.querySelector(".main-layout__main").scrollTop = 0;
    });
    await screenshot(browser, "roles-detail-done");
  });
});

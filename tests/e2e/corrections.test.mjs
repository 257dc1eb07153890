// 更正 through the window: the receptionist corrects a mistyped phone and room before
// dispatch, with the reason asked for first; once dispatched only the supervisor
// corrects, the received time here, and never the department.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Key } from "webdriverio";
import {
  click,
  fieldError,
  fill,
  shownErrors,
  testId,
  textOf,
} from "./desk.mjs";
import { screenshot, startApp } from "./harness.mjs";
import {
  ADMIN,
  ENGINEERING_HEAD,
  LEAKING_PIPE,
  RECEPTIONIST,
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
  expectState,
  openFromQueue,
  shownActions,
  timeline,
  waitForDetail,
} from "./steps.mjs";

const START = "2026-11-30T09:00:00+08:00";
const PHONE = "13912345678";
const ROOM = "3-2-1202";
/** When the resident really called: before the desk registered it. */
const RECEIVED = "2026-11-30 08:30";

/** The registered form of a detail, to send back as a correction (times kept). */
const formOf = ({ form }) => ({
  receivedAt: null,
  channel: form.channel,
  residentName: form.residentName,
  room: form.room,
  phone: form.phone,
  contactMethod: form.contactMethod,
  occurredAt: null,
  location: form.location,
  departmentId: form.departmentId,
  accusedPerson: form.accusedPerson,
  description: form.description,
  residentRequest: form.residentRequest,
  residentDeadline: null,
  categoryId: form.categoryId,
  severity: form.severity,
  valid: form.valid,
  invalidReason: form.invalidReason,
  ongoingHarm: form.ongoingHarm,
  immediateMeasure: form.immediateMeasure,
});

describe("corrections", { timeout: 300_000 }, () => {
  let app;
  let browser;
  let complaint;

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, SUPERVISOR]);
  });

  after(async () => {
    if (browser) await screenshot(browser, "corrections-last");
    await app?.stop();
  });

  /** Finds the complaint in the list by its case number and opens it. */
  async function openFromList(caseNo) {
    await click(browser, testId("menu-list"));
    await fill(browser, "filter-text", caseNo);
    await browser.keys(Key.Enter);
    await click(browser, testId(`row-${caseNo}`));
    await waitForDetail(browser, caseNo);
  }

  /** Clicks 更正 and waits for the form, filled in with the phone registered now. */
  async function openCorrection(phone) {
    await click(browser, testId("action-correct"));
    await browser.waitUntil(
      async () => {
        const input = await browser.$(testId("phone"));
        return (await input.isExisting()) && (await input.getValue()) === phone;
      },
      {
        timeoutMsg: "the correction form did not open filled in as registered",
      },
    );
  }

  /** Saves the correction and waits for the detail page; a refusal fails with what is shown. */
  async function saveCorrection() {
    await click(browser, testId("correct-submit"));
    let back = false;
    await browser
      .waitUntil(
        async () =>
          (back = await (
            await browser.$(testId("detail-caseNo"))
          ).isDisplayed()),
        { timeout: 10_000 },
      )
      .catch(() => {});
    if (!back)
      assert.fail(
        `the correction was not accepted: ${(await shownErrors(browser)).join(" / ")}`,
      );
    await waitForDetail(browser, complaint.caseNo);
  }

  /** Waits until the registered form on the detail page shows `text`. */
  async function formShows(text) {
    await browser.waitUntil(
      async () => (await textOf(browser, "form-content")).includes(text),
      { timeoutMsg: `the form on the detail page does not show ${text}` },
    );
  }

  async function lastEntryInView() {
    await browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid="timeline-entry"]'))
        .at(-1)
        ?.scrollIntoView({ block: "center" }),
    );
  }

  it("lets the receptionist correct the phone and room before dispatch, with a reason", async () => {
    await logIn(browser, RECEPTIONIST);
    complaint = await registerByCommand(browser, LEAKING_PIPE);
    await openFromQueue(browser, "toDispatch", complaint.caseNo);
    assert.ok(
      (await shownActions(browser)).includes("correct"),
      "更正 is offered before dispatch",
    );

    await openCorrection(LEAKING_PIPE.phone);
    assert.equal(
      await textOf(browser, "receptionist"),
      RECEPTIONIST.displayName,
    );
    assert.equal(
      await (await browser.$(testId("room"))).getValue(),
      LEAKING_PIPE.room,
    );
    assert.equal(
      await (await browser.$(testId("repeat-panel"))).isExisting(),
      false,
      "no repeat lookup while correcting",
    );
    await fill(browser, "phone", PHONE);
    await fill(browser, "room", ROOM);

    // The reason is asked for, under its own field; the form stays as typed.
    await click(browser, testId("correct-submit"));
    await browser.waitUntil(
      async () => (await fieldError(browser, "reason")) !== "",
      {
        timeoutMsg: "no message under 更正原因",
      },
    );
    assert.match(await fieldError(browser, "reason"), /原因不能为空/);
    assert.equal(
      await fieldError(browser, "phone"),
      "",
      "the new phone is fine",
    );
    assert.equal(await (await browser.$(testId("phone"))).getValue(), PHONE);

    await fill(
      browser,
      "reason",
      "住户来电告知：登记时电话号码和房号都记错了。",
    );
    await screenshot(browser, "corrections-form");
    await saveCorrection();

    await formShows(PHONE);
    const content = await textOf(browser, "form-content");
    assert.match(content, new RegExp(ROOM));
    assert.doesNotMatch(content, new RegExp(LEAKING_PIPE.phone));
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "corrected");
    assert.match(last.text, /^更正/);
    assert.match(last.text, new RegExp(`房号：${LEAKING_PIPE.room} → ${ROOM}`));
    assert.match(
      last.text,
      new RegExp(`联系电话：${LEAKING_PIPE.phone} → ${PHONE}`),
    );
    assert.match(
      last.text,
      /原因：住户来电告知：登记时电话号码和房号都记错了。/,
    );
    assert.match(last.text, /林晓（接待员）/);
    await lastEntryInView();
    await screenshot(browser, "corrections-timeline");
  });

  it("keeps corrections from the receptionist once dispatched, in the window and behind it", async () => {
    assert.ok(complaint, "a complaint was registered");
    await invokeOk(browser, "apply_step", {
      id: complaint.id,
      step: {
        step: "dispatch",
        input: { departmentId: null, recipient: ENGINEERING_HEAD.displayName },
      },
    });
    await openFromList(complaint.caseNo);
    await expectState(browser, "已派发");
    const actions = await shownActions(browser);
    assert.ok(
      !actions.includes("correct"),
      `no 更正 after dispatch (shown: ${actions})`,
    );

    const detail = await invokeOk(browser, "complaint_detail", {
      id: complaint.id,
    });
    const attempt = await invoke(browser, "correct_complaint", {
      id: complaint.id,
      input: {
        form: { ...formOf(detail), phone: "13700000000" },
        reason: "派发后接待员想再改电话",
      },
    });
    assert.equal(
      attempt.refused?.kind,
      "notPermitted",
      JSON.stringify(attempt),
    );
    assert.match(attempt.refused.message, /已派发的投诉须由公共事务部主管更正/);
  });

  it("lets the supervisor correct the received time after dispatch, but not the department", async () => {
    assert.ok(complaint, "a complaint was registered");
    await logIn(browser, SUPERVISOR);
    await openFromList(complaint.caseNo);
    await openCorrection(PHONE);

    // Who took the complaint stays the receptionist, not who corrects it.
    assert.equal(
      await textOf(browser, "receptionist"),
      RECEPTIONIST.displayName,
    );
    const department = await browser.execute(() => {
      const select = document.querySelector('[data-testid="departmentId"]');
      return {
        wrapper:
          select
            ?.querySelector(".el-select__wrapper")
            ?.classList.contains("is-disabled") ?? false,
        input: select?.querySelector("input")?.disabled ?? false,
      };
    });
    assert.deepEqual(
      department,
      { wrapper: true, input: true },
      "the department select is disabled",
    );
    assert.match(
      await textOf(browser, "locked-departmentId"),
      /回退后重新派发/,
    );
    assert.equal(
      await (await browser.$(`${testId("severity-minor")} input`)).isEnabled(),
      false,
      "the severity is left to 复核等级",
    );
    assert.match(await textOf(browser, "locked-severity"), /复核等级/);

    const registeredAt = await (
      await browser.$(`${testId("receivedAt")} input`)
    ).getValue();
    assert.match(registeredAt, /^2026-11-30 \d{2}:\d{2}$/);
    await fill(browser, "receivedAt", RECEIVED);
    await browser.keys(Key.Enter);
    await fill(
      browser,
      "reason",
      "住户 8:30 已来电，登记时按登记时刻记了受理时间，按实际来电时间更正。",
    );
    await screenshot(browser, "corrections-supervisor-form");
    await saveCorrection();

    await formShows(RECEIVED);
    const last = (await timeline(browser)).at(-1);
    assert.equal(last.kind, "corrected");
    assert.match(
      last.text,
      new RegExp(`受理时间：${registeredAt} → ${RECEIVED}`),
    );
    assert.doesNotMatch(
      last.text,
      /联系电话|被投诉部门/,
      "only the time changed",
    );
    assert.match(last.text, /周敏（公共事务部主管）/);
    await lastEntryInView();
    await screenshot(browser, "corrections-supervisor-timeline");

    // Behind the window too: another department is refused, under the field.
    const detail = await invokeOk(browser, "complaint_detail", {
      id: complaint.id,
    });
    const departments = await invokeOk(browser, "list_departments");
    const other = departments.find(
      (candidate) =>
        candidate.active && candidate.id !== detail.form.departmentId,
    );
    const attempt = await invoke(browser, "correct_complaint", {
      id: complaint.id,
      input: {
        form: { ...formOf(detail), departmentId: other.id },
        reason: "想改到另一个部门",
      },
    });
    assert.equal(attempt.refused?.kind, "validation", JSON.stringify(attempt));
    assert.ok(
      attempt.refused.fields.some((field) => field.field === "departmentId"),
      JSON.stringify(attempt.refused),
    );
  });
});

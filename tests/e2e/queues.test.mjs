// The queues of what waits beyond a deadline, read on the dashboard as each role sees
// it: 待审批延期 for the approver the severity requires, 约定答复到期 by the promised
// day until the resident is told, and 待回访 / 待归档 after the callback, archived from
// the detail page.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { click, testId, textOf, visibleText } from "./desk.mjs";
import { screenshot, startApp } from "./harness.mjs";
import {
  ADMIN,
  ENGINEERING_HEAD,
  LEAKING_PIPE,
  MANAGER,
  RECEPTIONIST,
} from "./people.mjs";
import {
  createUsers,
  invokeOk,
  logIn,
  registerByCommand,
  setUpCenter,
} from "./session.mjs";
import { act, deadlines, expectState, openFromQueue } from "./steps.mjs";

const START = "2026-11-30T09:00:00+08:00";
const TOMORROW = "2026-12-01";
const NEW_DEADLINE = "2026-12-08 18:00";
const GENERAL_MANAGER = {
  username: "zongjingli",
  password: "Zongjingli@2026",
  displayName: "陈志远",
  role: "generalManager",
};
const QUALITY = {
  username: "pinzhi",
  password: "Pinzhi@2026",
  displayName: "孙丽",
  role: "quality",
};
/** Every queue on the dashboard, in procedure order (ui/src/bindings/Queue.ts). */
const QUEUES = [
  "toDispatch",
  "toForward",
  "inHandling",
  "toApproveExtension",
  "toReturn",
  "toSignOff",
  "toNotify",
  "toReply",
  "toCallback",
  "toArchive",
  "overdue",
];

describe("queues of what waits", { timeout: 300_000 }, () => {
  let app;
  let browser;
  /** The complaint promised a reply, later told, called back and archived. */
  let promised;

  before(async () => {
    app = await startApp({ startTime: START });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [
      RECEPTIONIST,
      ENGINEERING_HEAD,
      MANAGER,
      GENERAL_MANAGER,
      QUALITY,
    ]);
  });

  after(async () => {
    if (browser) await screenshot(browser, "queues-last");
    await app?.stop();
  });

  /** Applies a step as whoever is logged in. */
  const step = (complaint, name, input) =>
    invokeOk(browser, "apply_step", {
      id: complaint.id,
      step: input === undefined ? { step: name } : { step: name, input },
    });

  /** The receptionist registers a leak in `room` and dispatches it to 工程维修部. */
  async function dispatched(room, severity) {
    const complaint = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      room,
      severity,
    });
    await step(complaint, "dispatch", {
      departmentId: null,
      recipient: ENGINEERING_HEAD.displayName,
    });
    return complaint;
  }

  /** Clicks to the dashboard and waits for every card. */
  async function toDashboard() {
    await click(browser, testId("menu-dashboard"));
    for (const queue of QUEUES)
      await (await browser.$(testId(`queue-${queue}`))).waitForDisplayed();
  }

  /** The case numbers a card lists, as shown. */
  function casesIn(queue) {
    return browser.execute(
      (id) =>
        Array.from(
          document.querySelectorAll(
            `[data-testid="queue-${id}"] [data-testid^="dash-row-"]`,
          ),
        )
          .filter((row) => row.getClientRects().length > 0)
          .map((row) => row.dataset.testid.slice("dash-row-".length)),
      queue,
    );
  }

  /** Waits until the card shows `count` and lists exactly `cases`, in any order (the dashboard refreshes itself on every change). */
  async function expectQueue(queue, count, cases) {
    let shown = {};
    await browser
      .waitUntil(
        async () => {
          shown = {
            count: await textOf(browser, `queue-count-${queue}`),
            cases: await casesIn(queue),
          };
          return (
            shown.count === String(count) &&
            JSON.stringify([...shown.cases].sort()) ===
              JSON.stringify([...cases].sort())
          );
        },
        { timeout: 10_000 },
      )
      .catch(() =>
        assert.fail(
          `${queue} shows ${JSON.stringify(shown)}, expected ${count} ${JSON.stringify(cases)}`,
        ),
      );
  }

  /** Whether the card stands among the user's own queues (我的待办). */
  function isMine(queue) {
    return browser.execute(
      (id) =>
        document
          .querySelector(`[data-testid="queue-${id}"]`)
          ?.closest(".dashboard-view__mine") !== null,
      queue,
    );
  }

  it("puts an extension request in the queue of the manager its severity requires", async () => {
    await logIn(browser, RECEPTIONIST);
    const minor = await dispatched("5-1-302", "minor");
    const important = await dispatched("6-3-1102", "important");

    await logIn(browser, ENGINEERING_HEAD);
    for (const complaint of [minor, important]) {
      await step(complaint, "requestExtension", {
        newDeadline: NEW_DEADLINE,
        reason: "需订购进口阀门，到货约 5 天。",
      });
    }
    // Anyone but the two approvers sees every request waiting.
    await toDashboard();
    await expectQueue("toApproveExtension", 2, [
      minor.caseNo,
      important.caseNo,
    ]);

    await logIn(browser, MANAGER);
    await toDashboard();
    assert.equal(await isMine("toApproveExtension"), true, "the manager's own");
    await expectQueue("toApproveExtension", 1, [minor.caseNo]);
    assert.equal(
      await visibleText(
        browser,
        await browser.$(
          `${testId("queue-toApproveExtension")} .queue-card__title`,
        ),
      ),
      "待审批延期",
    );
    await screenshot(browser, "queues-manager");

    await logIn(browser, GENERAL_MANAGER);
    await toDashboard();
    assert.equal(await isMine("toApproveExtension"), true, "the GM's own");
    await expectQueue("toApproveExtension", 1, [important.caseNo]);

    // Decided while the manager looks at the dashboard: it leaves the queue.
    await logIn(browser, MANAGER);
    await toDashboard();
    await expectQueue("toApproveExtension", 1, [minor.caseNo]);
    await step(minor, "decideExtension", {
      approved: true,
      reason: "同意，阀门到货后立即更换。",
    });
    await expectQueue("toApproveExtension", 0, []);
    assert.equal(await textOf(browser, "queue-count-toApproveExtension"), "0");
  });

  it("keeps a promised reply in 约定答复到期 until the resident is told", async () => {
    await logIn(browser, RECEPTIONIST);
    promised = await dispatched("2-1-101", "minor");
    await step(promised, "promiseNextReply", {
      promisedOn: TOMORROW,
      said: "已联系维修班组，明日答复维修时间。",
    });

    await toDashboard();
    assert.equal(await isMine("toReply"), true, "the receptionist's own");
    await expectQueue("toReply", 1, [promised.caseNo]);
    const row = await browser.$(
      `${testId("queue-toReply")} ${testId(`dash-row-${promised.caseNo}`)}`,
    );
    assert.match(await visibleText(browser, row), /约定答复/);
    const clock = await row.$(testId("countdown"));
    // Due at the end of tomorrow: a day and some fourteen hours from 09:00.
    assert.match(await visibleText(browser, clock), /^剩余 1 天 1[34] 小时$/);
    assert.equal(await clock.getAttribute("data-urgency"), "pending");
    await screenshot(browser, "queues-receptionist");

    await openFromQueue(browser, "toReply", promised.caseNo);
    const reply = await textOf(browser, "deadline-promisedReply");
    assert.match(reply, /约定答复/);
    assert.match(reply, new RegExp(`${TOMORROW} 24:00`));
    assert.equal((await deadlines(browser)).promisedReply, "未到期");
    await browser.execute(
      (row) => row.scrollIntoView({ block: "center" }),
      await browser.$(testId("deadline-promisedReply")),
    );
    await screenshot(browser, "queues-promised-reply-detail");

    await logIn(browser, ENGINEERING_HEAD);
    await step(promised, "markHandled", { result: "已更换厨房水管接头。" });
    await logIn(browser, RECEPTIONIST);
    await toDashboard();
    await step(promised, "logFormReturn");
    await expectQueue("toNotify", 1, [promised.caseNo]);
    await expectQueue("toReply", 1, [promised.caseNo]);
    await step(promised, "notifyResident", {
      method: "phone",
      response: "住户表示知悉，感谢及时处理。",
      done: { userId: null, name: null, at: null },
    });
    await expectQueue("toReply", 0, []);
    await expectQueue("toNotify", 0, []);
  });

  it("calls an unreachable resident again, and archives a satisfied callback from 待归档", async () => {
    assert.ok(promised, "the promised complaint was told");
    const callback = (reached) => {
      const aspect = reached ? "satisfied" : null;
      return step(promised, "callback", {
        reached,
        method: "phone",
        attitude: aspect,
        conduct: aspect,
        result: aspect,
        remarks: "",
        exclusion: null,
        exclusionReason: null,
        done: { userId: null, name: null, at: null },
      });
    };
    await logIn(browser, RECEPTIONIST);
    await toDashboard();
    await expectQueue("toCallback", 1, [promised.caseNo]);
    // Nobody answered: still to call back, tries left.
    await callback(false);
    await expectQueue("toCallback", 1, [promised.caseNo]);
    await expectQueue("toArchive", 0, []);
    await callback(true);
    await expectQueue("toCallback", 0, []);
    await expectQueue("toArchive", 1, [promised.caseNo]);

    await logIn(browser, QUALITY);
    await toDashboard();
    assert.equal(await isMine("toArchive"), true, "quality's own");
    await expectQueue("toArchive", 1, [promised.caseNo]);
    await openFromQueue(browser, "toArchive", promised.caseNo);
    await expectState(browser, "已回访");
    await act(browser, "archive", async () => {
      assert.match(await textOf(browser, "step-confirm"), /确认将此投诉归档/);
    });
    await expectState(browser, "已归档");

    await toDashboard();
    await expectQueue("toArchive", 0, []);
    await screenshot(browser, "queues-quality");
  });
});

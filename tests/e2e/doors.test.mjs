// The doors of the backend, tried by the person who should not get in: the page's
// `invoke` reaches every command, so each one must check who asks, whatever the window
// shows. With nobody logged in, every command but the handful that the login page needs
// is refused as "please log in first" and changes nothing in the database, writes no file
// and opens no dialog; the same while the desk is locked. Every command the app
// registers is listed here, so a new one cannot slip past this test. A receptionist is
// refused the exports, the backup and creating users; and a printed file may be opened
// only by the session that printed it: the next person at the desk cannot open it, and
// nobody can open anything else, /etc/passwd included.
// COMPLAINTDESK_PRINT_DIR and COMPLAINTDESK_BACKUP_DIR stand in for the save and folder
// dialogs, so a command let through by mistake writes a file there instead of waiting on
// a dialog nobody can click.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { click, testId } from "./desk.mjs";
import { screenshot, startApp } from "./harness.mjs";
import {
  ADMIN,
  ENGINEERING_HEAD,
  LEAKING_PIPE,
  RECEPTIONIST,
} from "./people.mjs";
import {
  createUsers,
  invoke,
  invokeOk,
  listQuery,
  logIn,
  registerByCommand,
  setUpCenter,
} from "./session.mjs";

const START = "2026-11-30T09:00:00+08:00";
const NOVEMBER = { month: "2026-11", from: "2026-11-01", to: "2026-11-30" };
const MAIN_RS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "src-tauri",
  "src",
  "main.rs",
);

/** What the login page needs, so they answer without a login (checked one by one below). */
const PUBLIC = [
  "app_status",
  "first_run_setup",
  "login",
  "logout",
  "open_login_in_new_process",
  "current_user",
  "session_state",
  "lock_session",
  "unlock_session",
];

/** The tables of what the desk recorded (not the search index or other derived tables). */
const RECORDS = [
  "settings",
  "departments",
  "users",
  "categories",
  "policy_versions",
  "case_counters",
  "complaints",
  "events",
  "audit_log",
  "monthly_reports",
];

/** The commands the app registers (`generate_handler!` in main.rs). */
function registeredCommands() {
  const source = readFileSync(MAIN_RS, "utf8");
  const handler = source.match(/generate_handler!\[([\s\S]*?)\]/)?.[1];
  assert.ok(handler, `no generate_handler! in ${MAIN_RS}`);
  return [...handler.matchAll(/commands::\w+::(\w+)/g)].map((m) => m[1]).sort();
}

function sqlite(file, sql) {
  return execFileSync("sqlite3", ["-json", file, sql], {
    encoding: "utf8",
  }).trim();
}

/** Every row of every record table, to compare before and after. */
function records(file) {
  return Object.fromEntries(
    RECORDS.map((table) => [
      table,
      sqlite(file, `select * from ${table} order by rowid`),
    ]),
  );
}

function count(file, table) {
  return Number(
    execFileSync("sqlite3", [file, `select count(*) from ${table}`], {
      encoding: "utf8",
    }).trim(),
  );
}

/** What a call came to, in one word: the refusal's kind, or what got through. */
function outcome({ ok, refused }) {
  if (refused === undefined) return `let through: ${JSON.stringify(ok)}`;
  if (typeof refused === "string") return `arguments not read: ${refused}`;
  return refused.kind;
}

/** Logs out through the header's button and waits for the login page. */
async function logOut(browser) {
  await click(browser, testId("logout"));
  await (await browser.$(testId("login-title"))).waitForDisplayed();
}

describe("the doors of the backend", { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), "complaintdesk-printed-"));
  const backupDir = mkdtempSync(join(tmpdir(), "complaintdesk-backups-"));
  let app;
  let browser;
  let complaint;
  /** Every command that needs a login, with well-formed arguments. */
  let guarded;

  before(async () => {
    app = await startApp({
      startTime: START,
      env: {
        COMPLAINTDESK_PRINT_DIR: printDir,
        COMPLAINTDESK_BACKUP_DIR: backupDir,
      },
    });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, ENGINEERING_HEAD]);
    const department = (await invokeOk(browser, "list_departments")).find(
      (d) => d.name === LEAKING_PIPE.department,
    );
    const category = (await invokeOk(browser, "list_categories")).find(
      (c) => c.name === LEAKING_PIPE.category,
    );
    const receptionist = (await invokeOk(browser, "list_users")).find(
      (u) => u.username === RECEPTIONIST.username,
    );
    assert.ok(
      department && category && receptionist,
      "the reference data and the receptionist are there",
    );
    await logIn(browser, RECEPTIONIST);
    complaint = await registerByCommand(browser, LEAKING_PIPE);
    assert.equal(complaint.id, 1);
    await logOut(browser);

    const query = listQuery();
    guarded = {
      keep_alive: {},
      list_departments: {},
      list_categories: {},
      register_complaint: {
        input: {
          receivedAt: null,
          channel: "phone",
          residentName: "闯入者",
          room: "9-9-999",
          phone: "13900000000",
          contactMethod: "phone",
          occurredAt: null,
          location: "9 栋",
          departmentId: department.id,
          accusedPerson: null,
          description: "没有登录也想登记一条投诉。",
          residentRequest: "无",
          residentDeadline: null,
          categoryId: category.id,
          severity: "minor",
          valid: true,
          invalidReason: null,
          ongoingHarm: false,
          immediateMeasure: null,
        },
      },
      list_complaints: { query },
      count_complaints: { query },
      find_repeats: { room: LEAKING_PIPE.room, phone: LEAKING_PIPE.phone },
      dashboard: {},
      complaint_detail: { id: complaint.id },
      connect_server: {
        input: {
          host: "127.0.0.1",
          port: 5432,
          database: "complaintdesk",
          user: "complaintdesk_app",
          password: "没有登录也想换服务器",
        },
      },
      apply_step: {
        id: complaint.id,
        step: { step: "void", input: { reason: "没有登录也想作废它" } },
      },
      correct_complaint: {
        id: complaint.id,
        input: {
          form: {
            receivedAt: null,
            channel: "phone",
            residentName: "闯入者",
            room: "9-9-999",
            phone: "13900000000",
            contactMethod: "phone",
            occurredAt: null,
            location: "9 栋",
            departmentId: department.id,
            accusedPerson: null,
            description: "没有登录也想改别人的投诉。",
            residentRequest: "无",
            residentDeadline: null,
            categoryId: category.id,
            severity: "minor",
            valid: true,
            invalidReason: null,
            ongoingHarm: false,
            immediateMeasure: null,
          },
          reason: "没有登录也想更正",
          lastEventId: null,
        },
      },
      print_form: { id: complaint.id },
      print_receipt: { id: complaint.id },
      print_blank_form: {},
      print_urge_notice: { id: complaint.id },
      reveal_resident: { id: complaint.id, reason: "没有登录也想看" },
      // The file's bytes travel raw; a JSON body is refused after who asks is checked.
      attach_file: {},
      remove_attachment: { id: 1, reason: "没有登录也想删" },
      attachment_thumbnail: { id: 1 },
      attachment_content: { id: 1 },
      save_attachment: { id: 1 },
      verify_attachments: {},
      targets: {},
      save_targets: {
        input: {
          satisfaction: { target: 85, line: 80 },
          onTime: [],
        },
      },
      print_handover: { id: 1 },
      handover_candidates: { month: NOVEMBER.month },
      hand_over: { input: { month: NOVEMBER.month, complaintIds: [complaint.id], receiver: "" } },
      list_handovers: { month: NOVEMBER.month },
      print_register: { from: NOVEMBER.from, to: NOVEMBER.to },
      open_printed: { path: "/etc/passwd" },
      backup_now: {},
      list_backups: {},
      // A path, never null: null would open the file dialog if the door were open.
      restore_backup: {
        path: join(backupDir, "complaintdesk-20261130-090000.db"),
        adminName: null,
        adminPassword: null,
      },
      check_database: {},
      audit_log: { page: 1, pageSize: 50 },
      statistics: { from: NOVEMBER.from, to: NOVEMBER.to },
      statistics_trend: { months: 6 },
      report_text: { month: NOVEMBER.month },
      save_report_text: { month: NOVEMBER.month, text: "没有登录也想写月报。" },
      mark_report_submitted: { month: NOVEMBER.month },
      report_reminder: {},
      print_report: { month: NOVEMBER.month },
      export_complaints: { query },
      export_statistics: { from: NOVEMBER.from, to: NOVEMBER.to },
      create_user: {
        input: {
          username: "intruder",
          displayName: "闯入者",
          role: "admin",
          departmentId: null,
          password: "Intruder@2026",
        },
      },
      list_users: {},
      list_staff: {},
      change_own_password: { oldPassword: 'Whatever@2026', newPassword: 'Intruder@2026x' },
      set_user_active: { id: receptionist.id, active: false },
      update_user: {
        id: receptionist.id,
        input: { displayName: "闯入者", role: "admin", extraRoles: [], departmentId: null },
      },
      reset_password: { id: receptionist.id, password: "Intruder@2026" },
      save_department: {
        input: {
          id: department.id,
          name: "闯入者部",
          headUserId: null,
          active: false,
        },
      },
      save_category: {
        input: { id: category.id, name: "闯入者类", active: false },
      },
      get_settings: {},
      save_settings: {
        input: { centerName: "闯入者服务中心", idleLockMinutes: 600 },
      },
      save_policy: {
        policy: {
          timeZone: "Asia/Shanghai",
          dispatchMinutes: 600,
          forwardImportantMinutes: 600,
          forwardMajorExtraDays: 9,
          majorFirstReplyDays: 9,
          minorHandlingDays: 9,
          importantHandlingDays: 9,
          majorHandlingDays: 30,
          returnExtraDays: 9,
          signOffExtraDays: 9,
          notifyExtraDays: 9,
          callbackDays: 9,
          raiseAfterMonths: 12,
        },
      },
      import_calendar: { text: "2027-01-01 休" },
      calendar_gap: {},
      list_policy_versions: {},
    };
  });

  after(async () => {
    if (browser) await screenshot(browser, "doors-last");
    await app?.stop();
    if (!process.env.COMPLAINTDESK_KEEP_DATA) {
      rmSync(printDir, { recursive: true, force: true });
      rmSync(backupDir, { recursive: true, force: true });
    }
  });

  /** Calls every guarded command; resolves with each one's outcome. */
  async function tryEveryDoor() {
    const outcomes = {};
    for (const [command, args] of Object.entries(guarded)) {
      outcomes[command] = outcome(await invoke(browser, command, args));
    }
    return outcomes;
  }

  it("knows every command the app registers", () => {
    const listed = [...PUBLIC, ...Object.keys(guarded)].sort();
    assert.deepEqual(
      listed,
      registeredCommands(),
      "a command is missing here, or no longer registered",
    );
  });

  it("refuses every guarded command with nobody logged in, and changes nothing", async () => {
    const before = records(app.dbPath);
    const complaints = count(app.dbPath, "complaints");
    const audit = count(app.dbPath, "audit_log");

    const outcomes = await tryEveryDoor();
    const expected = Object.fromEntries(
      Object.keys(guarded).map((command) => [command, "sessionExpired"]),
    );
    assert.deepEqual(outcomes, expected);

    assert.equal(
      count(app.dbPath, "complaints"),
      complaints,
      "no complaint was added",
    );
    assert.equal(count(app.dbPath, "audit_log"), audit, "nothing was audited");
    assert.deepEqual(
      records(app.dbPath),
      before,
      "the records are as they were",
    );
    assert.deepEqual(
      readdirSync(printDir),
      [],
      "nothing was printed or exported",
    );
    assert.deepEqual(readdirSync(backupDir), [], "no backup was taken");
    assert.ok(
      await (await browser.$(testId("login-title"))).isDisplayed(),
      "still the login page",
    );
  });

  it("answers the login page without a login, and lets nobody in through it", async () => {
    const before = records(app.dbPath);

    const status = await invokeOk(browser, "app_status");
    assert.equal(status.startupProblem, null, JSON.stringify(status));
    const setup = await invoke(browser, "first_run_setup", {
      input: {
        centerName: "闯入者服务中心",
        adminUsername: "intruder",
        adminDisplayName: "闯入者",
        adminPassword: "Intruder@2026",
      },
    });
    assert.equal(outcome(setup), "setup", JSON.stringify(setup));
    assert.equal(await invokeOk(browser, "current_user"), null);
    assert.equal(await invokeOk(browser, "logout"), null);
    // Driven by WebDriver, the page keeps its web process (the session would end with it)
    // and reloads itself: the new process is tested in newprocess.test.mjs.
    assert.equal(
      await invokeOk(browser, "open_login_in_new_process"),
      false,
    );
    assert.equal(await invokeOk(browser, "lock_session"), null);
    const state = await invokeOk(browser, "session_state");
    assert.equal(state.user, null, JSON.stringify(state));
    assert.equal(state.locked, false, "locking nobody locks nothing");
    const unlock = await invoke(browser, "unlock_session", {
      password: ADMIN.password,
    });
    assert.equal(outcome(unlock), "sessionExpired", JSON.stringify(unlock));
    assert.equal(
      await invokeOk(browser, "current_user"),
      null,
      "unlocking logged nobody in",
    );

    assert.deepEqual(
      records(app.dbPath),
      before,
      "the records are as they were",
    );
    assert.deepEqual(readdirSync(printDir), []);
  });

  it("refuses every guarded command while the desk is locked, and changes nothing", async () => {
    await logIn(browser, RECEPTIONIST);
    await invokeOk(browser, "lock_session");
    const before = records(app.dbPath);

    const outcomes = await tryEveryDoor();
    const expected = Object.fromEntries(
      Object.keys(guarded).map((command) => [command, "locked"]),
    );
    assert.deepEqual(outcomes, expected);

    assert.deepEqual(
      records(app.dbPath),
      before,
      "the records are as they were",
    );
    assert.deepEqual(
      readdirSync(printDir),
      [],
      "nothing was printed or exported",
    );
    assert.deepEqual(readdirSync(backupDir), [], "no backup was taken");
    const ended = await invoke(browser, "open_login_in_new_process");
    assert.equal(
      outcome(ended),
      "invalidState",
      `a locked desk keeps its user's page: ${JSON.stringify(ended)}`,
    );
    const wrong = await invoke(browser, "unlock_session", {
      password: ADMIN.password,
    });
    assert.equal(
      outcome(wrong),
      "wrongPassword",
      "another user's password does not unlock it",
    );
    assert.equal(
      (
        await invokeOk(browser, "unlock_session", {
          password: RECEPTIONIST.password,
        })
      ).username,
      RECEPTIONIST.username,
    );
    // The window may have shown its lock screen meanwhile: it reads the session afresh.
    await browser.execute(() => window.location.reload());
    await (
      await browser.$(testId("current-user"))
    ).waitForDisplayed({ timeout: 30_000 });
  });

  it("refuses a receptionist the exports, the backup and new users", async () => {
    // Still the receptionist, unlocked.
    assert.equal(
      (await invokeOk(browser, "current_user")).username,
      RECEPTIONIST.username,
    );
    const ended = await invoke(browser, "open_login_in_new_process");
    assert.equal(
      outcome(ended),
      "invalidState",
      `nobody's page ends while they are logged in: ${JSON.stringify(ended)}`,
    );
    const users = count(app.dbPath, "users");
    for (const command of [
      "export_complaints",
      "export_statistics",
      "backup_now",
      "create_user",
    ]) {
      const attempt = await invoke(browser, command, guarded[command]);
      assert.equal(
        outcome(attempt),
        "notPermitted",
        `${command}: ${JSON.stringify(attempt)}`,
      );
    }
    assert.equal(count(app.dbPath, "users"), users, "no user was created");
    assert.deepEqual(readdirSync(printDir), [], "nothing was exported");
    assert.deepEqual(readdirSync(backupDir), [], "no backup was taken");
  });

  it("opens a printed file for the session that printed it only", async () => {
    const printed = await invokeOk(browser, "print_form", { id: complaint.id });
    assert.ok(
      printed?.path,
      `print_form gave a path: ${JSON.stringify(printed)}`,
    );
    assert.equal(dirname(printed.path), printDir);
    assert.deepEqual(readdirSync(printDir), [
      printed.path.slice(printDir.length + 1),
    ]);

    // The viewer may be missing under Xvfb (notFound); the door itself must be open.
    const own = await invoke(browser, "open_printed", { path: printed.path });
    assert.ok(
      ["let through: null", "notFound"].includes(outcome(own)),
      `open_printed: ${JSON.stringify(own)}`,
    );
    const other = await invoke(browser, "open_printed", {
      path: "/etc/passwd",
    });
    assert.equal(outcome(other), "notPermitted", JSON.stringify(other));

    await logIn(browser, ENGINEERING_HEAD);
    const next = await invoke(browser, "open_printed", { path: printed.path });
    assert.equal(
      outcome(next),
      "notPermitted",
      `the next person opened it: ${JSON.stringify(next)}`,
    );

    await logOut(browser);
    const nobody = await invoke(browser, "open_printed", {
      path: printed.path,
    });
    assert.equal(outcome(nobody), "sessionExpired", JSON.stringify(nobody));
  });

  it("keeps a department head to their own department's complaints", async () => {
    await logIn(browser, RECEPTIONIST);
    const elsewhere = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      department: "秩序维护部",
      room: "5-1-302",
    });
    await logIn(browser, ENGINEERING_HEAD);
    const listed = await invokeOk(browser, "list_complaints", {
      query: guarded.list_complaints.query,
    });
    assert.deepEqual(
      listed.rows.map((row) => row.id),
      [complaint.id],
      "only the engineering complaint is listed",
    );
    const order = (await invokeOk(browser, "list_departments")).find(
      (d) => d.name === "秩序维护部",
    );
    const asked = await invokeOk(browser, "list_complaints", {
      query: { ...guarded.list_complaints.query, departmentId: order.id },
    });
    assert.equal(
      asked.total,
      0,
      "a filter on another department shows nothing",
    );
    assert.deepEqual(
      await invokeOk(browser, "count_complaints", {
        query: { ...guarded.list_complaints.query, departmentId: order.id },
      }),
      { total: 0, more: false },
      "nor does its count",
    );
    assert.deepEqual(
      await invokeOk(browser, "count_complaints", {
        query: guarded.list_complaints.query,
      }),
      { total: 1, more: false },
      "the count is of the head's own department",
    );
    assert.equal(
      (await invokeOk(browser, "complaint_detail", { id: complaint.id })).row
        .id,
      complaint.id,
    );
    const files = readdirSync(printDir).length;
    for (const command of ["complaint_detail", "print_form"]) {
      const attempt = await invoke(browser, command, { id: elsewhere.id });
      assert.equal(
        outcome(attempt),
        "notPermitted",
        `${command}: ${JSON.stringify(attempt)}`,
      );
      assert.match(attempt.refused.message, /只能查看本部门的投诉/);
    }
    assert.equal(readdirSync(printDir).length, files, "nothing was printed");
    await logOut(browser);
  });

  it("sends a form only to a department in use", async () => {
    await logIn(browser, RECEPTIONIST);
    const fresh = await registerByCommand(browser, {
      ...LEAKING_PIPE,
      room: "6-1-601",
    });
    const events = count(app.dbPath, "events");
    const attempt = await invoke(browser, "apply_step", {
      id: fresh.id,
      step: {
        step: "dispatch",
        input: { departmentId: 9999, recipient: "王五" },
      },
    });
    assert.equal(outcome(attempt), "validation", JSON.stringify(attempt));
    assert.equal(attempt.refused.field, "departmentId");
    assert.match(attempt.refused.message, /不存在或已停用/);
    assert.equal(count(app.dbPath, "events"), events, "nothing was recorded");
    await logOut(browser);
  });

  it("answers an unknown name exactly as a wrong password, lockout included", async () => {
    const answers = async (username) => {
      const seen = [];
      for (let i = 0; i < 5; i += 1) {
        const attempt = await invoke(browser, "login", {
          input: { username, password: "Wrong@2026x" },
        });
        seen.push([
          outcome(attempt),
          attempt.refused?.message.replace(/\d{2}:\d{2}/, "HH:MM"),
        ]);
      }
      return seen;
    };
    const known = await answers(ENGINEERING_HEAD.username);
    const unknown = await answers("nobody-here");
    assert.deepEqual(unknown, known);
    assert.deepEqual(
      known.map(([kind]) => kind),
      [
        "wrongPassword",
        "wrongPassword",
        "wrongPassword",
        "wrongPassword",
        "accountLocked",
      ],
    );
    // Locked: not even the right password gets in now.
    const right = await invoke(browser, "login", {
      input: {
        username: ENGINEERING_HEAD.username,
        password: ENGINEERING_HEAD.password,
      },
    });
    assert.equal(outcome(right), "accountLocked", JSON.stringify(right));
  });
});

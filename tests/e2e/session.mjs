// Setting up a center and moving between users at the shared desk.
import { Key } from 'webdriverio';
import { click, fill, testId, textOf } from './desk.mjs';
import { CENTER_SETUP } from './people.mjs';

/**
 * Calls a backend command from the window, as the logged-in user. Resolves with
 * `{ ok }` or `{ refused }` (the CommandError), never throws for a refusal. (Not
 * `{ error }`: WebKitWebDriver takes a script result with an `error` key for its own
 * failure.) Through `__TAURI_INTERNALS__`, which Tauri 2 always puts in the page (what
 * `@tauri-apps/api` calls); the `__TAURI__` global exists only with `withGlobalTauri`.
 */
export function invoke(browser, command, args = {}) {
  return browser.execute(
    (name, payload) =>
      window.__TAURI_INTERNALS__.invoke(name, payload).then(
        (ok) => ({ ok: ok ?? null }),
        (refused) => ({ refused }),
      ),
    command,
    args,
  );
}

/** Like `invoke`, but a refusal fails the test with the backend's words. */
export async function invokeOk(browser, command, args = {}) {
  const { ok, refused } = await invoke(browser, command, args);
  if (refused) throw new Error(`${command} refused: ${JSON.stringify(refused)}`);
  return ok;
}

/** First start: this desk is used alone (its own file); the set-up form follows. */
export async function chooseAlone(browser) {
  const alone = await browser.$(testId('use-alone'));
  await alone.waitForDisplayed({ timeout: 30_000 });
  await click(browser, alone);
  await (await browser.$(testId('centerName'))).waitForDisplayed();
}

/**
 * First run, without the setup page (the foundation test covers it): the center and its
 * administrator, then the login page in Chinese.
 */
export async function setUpCenter(browser) {
  await chooseAlone(browser);
  await click(browser, testId('language-zh-CN'));
  await invokeOk(browser, 'first_run_setup', { input: CENTER_SETUP });
  await browser.execute(() => window.location.reload());
  await (await browser.$(testId('login-title'))).waitForDisplayed({ timeout: 30_000 });
}

/** Whoever is at the desk logs out (if anyone), then `user` logs in with Enter. */
export async function logIn(browser, user) {
  const current = await browser.$(testId('current-user'));
  if (await current.isExisting()) {
    await click(browser, testId('logout'));
  }
  await (await browser.$(testId('login-title'))).waitForDisplayed();
  await fill(browser, 'username', user.username);
  await fill(browser, 'password', user.password);
  await browser.keys(Key.Enter);
  await browser.waitUntil(async () => (await textOf(browser, 'current-user')).includes(user.displayName), {
    timeoutMsg: `${user.username} did not get logged in`,
  });
}

/** The administrator (logged in) creates the users; department heads get their department by name. */
export function createUsers(browser, users) {
  return createUsersBy((command, args) => invokeOk(browser, command, args), users);
}

/** `createUsers` through any caller of a command (`call(command, args)` resolving to its answer). */
export async function createUsersBy(call, users) {
  const departments = await call('list_departments', {});
  for (const user of users) {
    const departmentId = user.department ? departments.find((d) => d.name === user.department).id : null;
    await call('create_user', {
      input: {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        departmentId,
        password: user.password,
      },
    });
  }
}

/**
 * What the register form sends for `complaint` (people.mjs's shape): by phone, received
 * now, minor unless it says otherwise, to the department and category with these ids.
 */
export function registrationInput(complaint, departmentId, categoryId) {
  return {
    receivedAt: null,
    channel: 'phone',
    residentName: complaint.residentName,
    room: complaint.room,
    phone: complaint.phone,
    contactMethod: 'phone',
    occurredAt: null,
    location: complaint.location,
    departmentId,
    accusedPerson: null,
    description: complaint.description,
    residentRequest: complaint.residentRequest,
    residentDeadline: null,
    categoryId,
    severity: complaint.severity ?? 'minor',
    valid: true,
    invalidReason: null,
    ongoingHarm: false,
    immediateMeasure: null,
  };
}

/** Registers a complaint through the backend as the logged-in user; resolves with its row. */
export async function registerByCommand(browser, complaint, extra = {}) {
  const departments = await invokeOk(browser, 'list_departments');
  const categories = await invokeOk(browser, 'list_categories');
  const departmentId = departments.find((d) => d.name === complaint.department).id;
  const categoryId = categories.find((c) => c.name === complaint.category).id;
  return invokeOk(browser, 'register_complaint', {
    input: { ...registrationInput(complaint, departmentId, categoryId), ...extra },
  });
}

/** The list's query as the window sends it: everything, newest first, 20 a page, with `changes`. */
export function listQuery(changes = {}) {
  return {
    text: null,
    state: null,
    severity: null,
    departmentId: null,
    categoryId: null,
    channel: null,
    from: null,
    to: null,
    overdueOnly: false,
    sort: 'receivedAt',
    desc: true,
    page: 1,
    pageSize: 20,
    ...changes,
  };
}

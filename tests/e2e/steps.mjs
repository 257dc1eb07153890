// The detail page and the dashboard as the tests read and work them.
import assert from 'node:assert/strict';
import { click, shownErrors, testId, visibleText } from './desk.mjs';

/** Opens a complaint from one of the dashboard's queues, as a user at the desk would. */
export async function openFromQueue(browser, queue, caseNo) {
  await click(browser, testId('menu-dashboard'));
  const row = await browser.$(`${testId(`queue-${queue}`)} ${testId(`dash-row-${caseNo}`)}`);
  await row.waitForDisplayed({ timeoutMsg: `${caseNo} is not in the ${queue} queue` });
  await click(browser, row);
  await waitForDetail(browser, caseNo);
}

export async function waitForDetail(browser, caseNo) {
  await browser.waitUntil(
    async () => {
      const heading = await browser.$(testId('detail-caseNo'));
      return (await heading.isDisplayed()) && (await visibleText(browser, heading)) === caseNo;
    },
    { timeoutMsg: `the detail page of ${caseNo} did not open` },
  );
}

/** The action buttons shown, as step names. */
export async function shownActions(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid^="action-"]'))
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => element.dataset.testid.slice('action-'.length)),
  );
}

/**
 * Clicks the action, lets `fillIn` fill the dialog, confirms, and waits for the dialog
 * to close; a refusal fails with what the dialog shows.
 */
export async function act(browser, step, fillIn = async () => {}) {
  await click(browser, testId(`action-${step}`));
  const submit = await browser.$(testId('dialog-submit'));
  await submit.waitForDisplayed();
  await fillIn();
  await submit.click();
  let closed = false;
  await browser
    .waitUntil(async () => (closed = !(await submit.isDisplayed())), { timeout: 10_000 })
    .catch(() => {});
  if (!closed) assert.fail(`${step} was not accepted: ${(await shownErrors(browser)).join(' / ')}`);
}

/** The timeline's entries, oldest first, as shown. */
export async function timeline(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid="timeline-entry"]')).map((entry) => ({
      kind: entry.dataset.kind,
      text: entry.innerText.trim(),
    })),
  );
}

/** Each deadline's status as shown (`已暂停` appended when paused), by kind. */
export async function deadlines(browser) {
  return browser.execute(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('[data-testid^="deadline-status-"]')).map((tag) => {
        const kind = tag.dataset.testid.slice('deadline-status-'.length);
        const paused = document.querySelector(`[data-testid="deadline-paused-${kind}"]`);
        return [kind, paused ? `${tag.innerText.trim()} ${paused.innerText.trim()}` : tag.innerText.trim()];
      }),
    ),
  );
}

/** The state tag of the open detail page. */
export function detailState(browser) {
  return browser.$(testId('detail-state')).then((tag) => visibleText(browser, tag));
}

/** Waits until the detail page shows `state` (a step's result arrives with the dialog closing). */
export async function expectState(browser, state) {
  let shown = '';
  await browser
    .waitUntil(async () => (shown = await detailState(browser)) === state, { timeout: 10_000 })
    .catch(() => assert.fail(`the complaint shows ${shown}, expected ${state}`));
}

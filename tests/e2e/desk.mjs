// What a receptionist does with the mouse and keyboard, in terms of the UI's
// data-testid attributes. Element Plus renders selects and pickers as its own widgets,
// so choosing an option means opening the widget and clicking the teleported item.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Key } from 'webdriverio';

export const testId = (id) => `[data-testid="${id}"]`;

/** Clicks after centering the element: the form's save bar is sticky at the bottom. */
export async function click(browser, selectorOrElement) {
  const element = typeof selectorOrElement === 'string' ? await browser.$(selectorOrElement) : selectorOrElement;
  await element.waitForDisplayed();
  await browser.execute((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }), element);
  await element.waitForClickable();
  await element.click();
}

/** The native input or textarea behind a data-testid (el-input puts it on the native one). */
async function typeable(browser, id) {
  const element = await browser.$(testId(id));
  await element.waitForDisplayed();
  const tag = (await element.getTagName()).toLowerCase();
  return tag === 'input' || tag === 'textarea' ? element : element.$('input, textarea');
}

/** Replaces the text of an input, the way a person types it. */
export async function fill(browser, id, text) {
  const field = await typeable(browser, id);
  await click(browser, field);
  if ((await field.getValue()) !== '') {
    await browser.keys([Key.Ctrl, 'a']);
    await browser.keys(Key.Backspace);
  }
  await field.addValue(text);
  if ((await field.getValue()) !== text) {
    // A driver that cannot type some characters (CJK without an input method): set the
    // value and fire the event Vue listens to, as an input method would.
    await browser.execute(
      (el, value) => {
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      field,
      text,
    );
  }
  const value = await field.getValue();
  if (value !== text) throw new Error(`field ${id} holds ${JSON.stringify(value)}, expected ${JSON.stringify(text)}`);
}

/**
 * The option with this text in the dropdown of the el-select marked `data-testid=<id>`
 * (the form gives each select `popper-class="dropdown-<id>"`). An option that shows more
 * than its name (a role over its duties) marks the name with `data-option-label`.
 */
export function optionIn(browser, id, optionText) {
  const text = JSON.stringify(optionText);
  return browser.$(
    `//div[contains(concat(' ', normalize-space(@class), ' '), ' dropdown-${id} ')]` +
      `//li[contains(concat(' ', normalize-space(@class), ' '), ' el-select-dropdown__item ')]` +
      `[normalize-space(.)=${text} or .//*[@data-option-label][normalize-space(.)=${text}]]`,
  );
}

/**
 * Opens the el-select marked `data-testid=<id>` and clicks the option with this text,
 * looked for in that select's own dropdown only.
 */
export async function choose(browser, id, optionText) {
  await click(browser, testId(id));
  const option = await optionIn(browser, id, optionText);
  await option.waitForDisplayed();
  // The dropdown zooms in and may need scrolling: click only once the option sits still
  // in view, and click again if the first click landed while it was still moving.
  for (let attempt = 1; ; attempt += 1) {
    await settleInView(browser, option);
    await option.click();
    try {
      await option.waitForDisplayed({ reverse: true, timeout: 3000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  const shown = await visibleText(browser, await browser.$(testId(id)));
  if (!shown.includes(optionText)) throw new Error(`select ${id} shows ${JSON.stringify(shown)} after choosing ${optionText}`);
}

/**
 * Adds the option with this text to the multiple el-select marked `data-testid=<id>`. Its
 * dropdown stays open for more choices; Esc closes it (and only it, inside a dialog).
 */
export async function chooseAlso(browser, id, optionText) {
  await click(browser, testId(id));
  const option = await optionIn(browser, id, optionText);
  await option.waitForDisplayed();
  await settleInView(browser, option);
  await option.click();
  const select = await browser.$(testId(id));
  await browser.waitUntil(async () => (await visibleText(browser, select)).includes(optionText), {
    timeout: 5000,
    timeoutMsg: `select ${id} does not show ${optionText} after choosing it`,
  });
  await browser.keys('Escape');
  await option.waitForDisplayed({ reverse: true, timeoutMsg: `the dropdown of ${id} stayed open` });
}

/** Scrolls an element into view in its scroll container and waits until it stops moving. */
async function settleInView(browser, element) {
  await browser.execute((el) => el.scrollIntoView({ block: 'nearest', inline: 'nearest' }), element);
  let last = '';
  await browser.waitUntil(
    async () => {
      const rect = JSON.stringify(await browser.execute((el) => el.getBoundingClientRect().toJSON(), element));
      const still = rect === last;
      last = rect;
      return still;
    },
    { interval: 100, timeoutMsg: 'the option kept moving' },
  );
}

/**
 * The rendered text of an element. WebKitWebDriver's Get Element Text leaves out text
 * that sits directly in a table cell and text that is fading in, so innerText is used.
 */
export async function visibleText(browser, element) {
  return (await browser.execute((el) => el.innerText, element)).trim();
}

/** The text under a form item's field, or '' when the field shows no error. */
export async function fieldError(browser, field) {
  const error = await browser.$(testId(`field-error-${field}`));
  if (!(await error.isExisting()) || !(await error.isDisplayed())) return '';
  return visibleText(browser, error);
}

/** Waits for the element and returns its text. */
export async function textOf(browser, id) {
  const element = await browser.$(testId(id));
  await element.waitForDisplayed();
  return visibleText(browser, element);
}

async function visibleTexts(browser, selector) {
  return browser.execute(
    (css) =>
      Array.from(document.querySelectorAll(css))
        .filter((element) => element.getClientRects().length > 0)
        .map((element) => element.innerText.trim()),
    selector,
  );
}

/** Error toasts on screen: every refused save shows one. */
export function errorToasts(browser) {
  return visibleTexts(browser, '.el-message--error');
}

/** Every error on screen (toasts, alerts, field messages), to explain a failure. */
export function shownErrors(browser) {
  return visibleTexts(browser, '.el-message--error, .el-alert--error, .el-form-item__error');
}

/**
 * After a print button (COMPLAINTDESK_PRINT_DIR = `dir`): waits for the notice that
 * names the saved file and its pages, and returns the path of the `prefix…pdf` in `dir`.
 */
export async function printedFile(browser, dir, prefix) {
  const notice = await browser.$(testId('print-result'));
  await notice.waitForDisplayed({ timeoutMsg: `no notice after printing ${prefix}` });
  assert.match(await textOf(browser, 'print-result'), /共 \d+ 页/);
  const file = readdirSync(dir).find((name) => name.startsWith(prefix) && name.endsWith('.pdf'));
  assert.ok(file, `no ${prefix}*.pdf in ${dir} (found ${readdirSync(dir)})`);
  return join(dir, file);
}

// The window shows only the app's own pages: navigation elsewhere is refused, and the
// content security policy forbids evaluating strings as code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testId } from './desk.mjs';
import { startApp } from './harness.mjs';

describe('hardening', { timeout: 120_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = app.browser;
    await (await browser.$(testId('centerName'))).waitForDisplayed({ timeout: 30_000 });
  });

  after(async () => {
    await app?.stop();
  });

  it('refuses to navigate away from the app', async () => {
    const before = await browser.execute(() => window.location.href);
    await browser.execute(() => {
      window.location.href = 'https://example.com/';
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const afterNav = await browser.execute(() => window.location.href);
    assert.equal(afterNav, before);
    assert.ok(await (await browser.$(testId('centerName'))).isDisplayed(), 'the set-up page is still there');
  });

  it('forbids eval under the content security policy', async () => {
    const outcome = await browser.execute(() => {
      try {
        // eslint-disable-next-line no-eval
        return String(window.eval('1 + 1'));
      } catch (error) {
        return error.name;
      }
    });
    assert.equal(outcome, 'EvalError');
  });
});

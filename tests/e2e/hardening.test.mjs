// The window shows only the app's own pages: navigation elsewhere is refused, no page
// opens a window of its own, the content security policy forbids evaluating strings as
// code, a <base> and form submissions, and the page has no global Tauri API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testId } from './desk.mjs';
import { startApp } from './harness.mjs';
import { chooseAlone } from './session.mjs';

describe('hardening', { timeout: 120_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = app.browser;
    await chooseAlone(browser);
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

  it('opens no new window, neither by window.open nor by a link with target=_blank', async () => {
    const handles = await browser.getWindowHandles();
    const opened = await browser.execute(() => {
      const w = window.open('https://example.com/', '_blank');
      const link = document.createElement('a');
      link.href = 'https://example.org/';
      link.target = '_blank';
      document.body.appendChild(link);
      link.click();
      link.remove();
      return w === null;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(opened, true, 'window.open gave no window');
    assert.deepEqual(await browser.getWindowHandles(), handles);
    assert.ok(await (await browser.$(testId('centerName'))).isDisplayed());
  });

  it('refuses a <base> and form submissions (base-uri, form-action)', async () => {
    const violated = await browser.executeAsync((done) => {
      const seen = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      const before = document.baseURI;
      const base = document.createElement('base');
      base.href = 'https://example.com/';
      document.head.appendChild(base);
      const baseKept = document.baseURI === before;
      base.remove();
      const form = document.createElement('form');
      form.action = 'https://example.com/steal';
      form.method = 'post';
      document.body.appendChild(form);
      form.submit();
      form.remove();
      setTimeout(() => done({ seen, baseKept }), 500);
    });
    assert.ok(violated.baseKept, 'the <base> did not change the page\'s base');
    assert.ok(violated.seen.includes('base-uri'), JSON.stringify(violated));
    assert.ok(violated.seen.includes('form-action'), JSON.stringify(violated));
  });

  it('has no global Tauri API; the page reaches the backend only through its own code', async () => {
    const globals = await browser.execute(() => ({
      tauri: typeof window.__TAURI__,
      internals: typeof window.__TAURI_INTERNALS__?.invoke,
    }));
    assert.deepEqual(globals, { tauri: 'undefined', internals: 'function' });
  });
});

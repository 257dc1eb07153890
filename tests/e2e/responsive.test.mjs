// Long work does not freeze the desk: while a year's 《投诉处置记录表》 (hundreds of
// dispatches, about twenty pages) is laid out, a complaint registered at the same desk is
// answered at once. The register is read under the desk's lock and rendered without it;
// before, the lock was held for the whole layout and the registration waited for it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configDirFor, screenshot, startApp } from './harness.mjs';
import { invokeOk } from './session.mjs';
import { testId } from './desk.mjs';

const START = '2026-11-30T09:00:00+08:00';
const BIN = process.env.COMPLAINTDESK_BIN ?? join(import.meta.dirname, '..', '..', 'target', 'debug', 'complaint-desk');

describe('a responsive desk', { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), 'complaintdesk-printed-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'complaintdesk-e2e-'));
  let app;
  let browser;

  before(async () => {
    // A year of demo data: every state, through the real steps, on the test's clock,
    // sealed with the key the app started on this data directory reads.
    execFileSync(BIN, ['seed-demo', '--months', '12', '--data-dir', dataDir], {
      env: { ...process.env, COMPLAINTDESK_START_TIME: START, XDG_CONFIG_HOME: configDirFor(dataDir) },
      stdio: 'ignore',
    });
    app = await startApp({ startTime: START, dataDir, env: { COMPLAINTDESK_PRINT_DIR: printDir } });
    browser = app.browser;
    await browser.waitUntil(() => browser.execute(() => typeof window.__TAURI_INTERNALS__?.invoke === 'function'), {
      timeout: 30_000,
    });
    // A desk of demo data says so before anyone logs in.
    await (await browser.$(testId('demo-badge'))).waitForDisplayed({ timeout: 30_000, timeoutMsg: 'no 演示数据 badge' });
    assert.match(await (await browser.$(testId('demo-badge'))).getText(), /演示数据/);
    await invokeOk(browser, 'login', { input: { username: 'jiedai', password: 'Demo@12345' } });
  });

  after(async () => {
    if (browser) await screenshot(browser, 'responsive-last');
    await app?.stop();
    rmSync(printDir, { recursive: true, force: true });
  });

  it('registers a complaint while a large register is being printed', async () => {
    const range = { from: '2025-12-01', to: '2026-11-30' };
    // Once, so that the font is parsed and the timing below is the layout's alone.
    await invokeOk(browser, 'print_register', range);
    const form = {
      receivedAt: null,
      channel: 'phone',
      residentName: '赵六',
      room: '5-1-302',
      phone: '13900139000',
      contactMethod: 'phone',
      occurredAt: null,
      location: '5号楼1单元',
      departmentId: 1,
      accusedPerson: null,
      description: '楼道灯不亮，晚上看不清台阶。',
      residentRequest: '尽快修好',
      residentDeadline: null,
      categoryId: 1,
      severity: 'minor',
      valid: true,
      invalidReason: null,
      ongoingHarm: false,
      immediateMeasure: null,
    };
    const timing = await browser.executeAsync(
      (printArgs, input, done) => {
        const invoke = (cmd, args) => window.__TAURI_INTERNALS__.invoke(cmd, args);
        const started = performance.now();
        let printedAt = null;
        const printing = invoke('print_register', printArgs).then(
          (report) => {
            printedAt = performance.now();
            return report;
          },
          (refused) => ({ refused }),
        );
        // Into the layout: the register's rows are read in a moment, its pages take long.
        setTimeout(async () => {
          const asked = performance.now();
          let registered;
          try {
            registered = await invoke('register_complaint', { input });
          } catch (refused) {
            registered = { refused };
          }
          const answered = performance.now();
          const report = await printing;
          done({
            registered,
            report,
            registerMs: answered - asked,
            printMs: printedAt === null ? null : printedAt - started,
            printingWhenAnswered: printedAt === null || printedAt > answered,
          });
        }, 150);
      },
      range,
      form,
    );
    assert.ok(!timing.registered?.refused, JSON.stringify(timing.registered));
    assert.match(timing.registered.caseNo, /^TS-/);
    assert.ok(timing.report?.pages >= 10, `a large register: ${JSON.stringify(timing.report)}`);
    assert.ok(timing.printMs > 400, `the layout takes a while (${timing.printMs} ms), or the test proves nothing`);
    assert.ok(timing.printingWhenAnswered, `answered while the register was still printing: ${JSON.stringify(timing)}`);
    assert.ok(timing.registerMs < timing.printMs / 3, `registered in ${timing.registerMs} ms beside a ${timing.printMs} ms print`);
    assert.ok(readdirSync(printDir).some((name) => name.startsWith('投诉处置记录表')));
  });
});

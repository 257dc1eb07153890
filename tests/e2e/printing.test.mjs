// Printing from the window: the form from the detail page and the register from the list
// both land as PDFs with the bundled Chinese font embedded, carry what was recorded, and
// render. COMPLAINTDESK_PRINT_DIR stands in for the save dialog. Run with
// COMPLAINTDESK_BIN=/usr/bin/complaint-desk it checks an installed .deb the same way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { click, printedFile, testId } from './desk.mjs';
import { screenshot, startApp } from './harness.mjs';
import { ADMIN, ENGINEERING_HEAD, LEAKING_PIPE, RECEPTIONIST } from './people.mjs';
import { createUsers, invokeOk, logIn, registerByCommand, setUpCenter } from './session.mjs';
import { waitForDetail } from './steps.mjs';

const START = '2026-11-30T09:00:00+08:00';

/** What poppler reads back from a PDF: its text, its fonts, and whether page 1 renders. */
function readBack(file) {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  const png = join(tmpdir(), `complaintdesk-print-${process.pid}`);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, png]);
  const rendered = existsSync(`${png}.png`);
  rmSync(`${png}.png`, { force: true });
  return { text, fonts, rendered };
}

describe('printing', { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), 'complaintdesk-printed-'));
  let app;
  let browser;
  let complaint;

  before(async () => {
    app = await startApp({ startTime: START, env: { COMPLAINTDESK_PRINT_DIR: printDir } });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST, ENGINEERING_HEAD]);
    await logIn(browser, RECEPTIONIST);
    complaint = await registerByCommand(browser, LEAKING_PIPE);
    // The register lists what was handed out: dispatch it, signed for by the head.
    await invokeOk(browser, 'apply_step', {
      id: complaint.id,
      step: { step: 'dispatch', input: { departmentId: null, recipient: ENGINEERING_HEAD.displayName } },
    });
  });

  after(async () => {
    if (browser) await screenshot(browser, 'printing-last');
    await app?.stop();
    if (!process.env.COMPLAINTDESK_KEEP_DATA) rmSync(printDir, { recursive: true, force: true });
  });

  it('prints the form of a complaint from its detail page', async () => {
    await click(browser, testId('menu-list'));
    await click(browser, testId(`row-${complaint.caseNo}`));
    await waitForDetail(browser, complaint.caseNo);
    await click(browser, testId('print-form'));
    const file = await printedFile(browser, printDir, '住户投诉意见表');
    await screenshot(browser, 'printing-form-notice');

    const { text, fonts, rendered } = readBack(file);
    assert.match(fonts, /NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/, fonts);
    assert.match(text, /住户投诉意见表/);
    assert.ok(text.includes(complaint.caseNo), 'the case number is on the form');
    assert.match(text, /张三/);
    assert.match(text, /厨房水管漏水/);
    assert.ok(rendered, 'page 1 renders');
  });

  it('prints the register of a date range from the list', async () => {
    await click(browser, testId('menu-list'));
    await click(browser, testId('print-register'));
    await (await browser.$(testId('print-register-confirm'))).waitForDisplayed();
    const inputs = await browser.$$(`${testId('print-register-range')} input`);
    assert.equal(inputs.length, 2, 'the dialog asks for a date range');
    for (const [input, day] of [
      [inputs[0], '2026-11-01'],
      [inputs[1], '2026-11-30'],
    ]) {
      await input.click();
      await browser.keys([Key.Ctrl, 'a']);
      await input.addValue(day);
      await browser.keys(Key.Enter);
    }
    await click(browser, testId('print-register-confirm'));
    const file = await printedFile(browser, printDir, '投诉处置记录表-2026-11-01-2026-11-30');

    const { text, fonts, rendered } = readBack(file);
    assert.match(fonts, /NotoSansCJKsc-Regular/);
    assert.match(text, /投诉处置记录表/);
    assert.ok(text.includes(complaint.caseNo), `the complaint is a row of the register:\n${text}`);
    assert.match(text, /工程维修部/);
    assert.match(text, /吴涛/, 'the recipient who signed for it');
    assert.ok(rendered, 'page 1 renders');
  });
});

// 附件: the desk photographs the damage and scans the signed repair slip. Files are chosen
// through the page's own file input (or dropped on the panel); the page refuses what is
// not a photo or a PDF, the backend reads the real kind from the bytes. A photo opens full
// size; a PDF is saved as a copy; a wrong one is removed with a reason, which the
// timeline records. The printed form lists the kept attachments and prints the photos on
// an appendix page; the administrator checks every file against its hash.
// COMPLAINTDESK_PRINT_DIR stands in for the save dialog.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  click,
  fieldError,
  fill,
  printedFile,
  shownErrors,
  testId,
  textOf,
  visibleText,
} from "./desk.mjs";
import { screenshot, screenshotBothWidths, startApp } from "./harness.mjs";
import { ADMIN, LEAKING_PIPE, RECEPTIONIST } from "./people.mjs";
import {
  createUsers,
  logIn,
  registerByCommand,
  setUpCenter,
} from "./session.mjs";
import { timeline, waitForDetail } from "./steps.mjs";

const START = "2026-11-30T09:00:00+08:00";
const PHOTO = "厨房漏水.jpg";
const SCAN = "维修单.pdf";
const DROPPED = "楼下天花板.png";
const NOT_A_PHOTO = "住户说明.jpg";
const REMOVE_REASON = "拍错了房间，是隔壁的天花板";

/** A one-page PDF, written by hand with its cross-reference table (what a scanner saves, smaller). */
function onePagePdf() {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null, // the content stream, below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const content = "BT /F1 18 Tf 72 760 Td (Repair slip 3-2-1201) Tj ET";
  objects[3] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets
    .map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`)
    .join("");
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

describe("attachments", { timeout: 300_000 }, () => {
  const printDir = mkdtempSync(join(tmpdir(), "complaintdesk-attach-print-"));
  const filesDir = mkdtempSync(join(tmpdir(), "complaintdesk-attach-files-"));
  let app;
  let browser;
  let complaint;

  before(async () => {
    app = await startApp({
      startTime: START,
      env: { COMPLAINTDESK_PRINT_DIR: printDir },
    });
    browser = app.browser;
    await setUpCenter(browser);
    await logIn(browser, ADMIN);
    await createUsers(browser, [RECEPTIONIST]);
    await logIn(browser, RECEPTIONIST);
    complaint = await registerByCommand(browser, LEAKING_PIPE);

    // A real JPEG, as a phone would take it: drawn and compressed by the page's canvas.
    const jpeg = await browser.execute(
      () =>
        new Promise((resolve) => {
          const canvas = document.createElement("canvas");
          canvas.width = 1200;
          canvas.height = 900;
          const g = canvas.getContext("2d");
          const sky = g.createLinearGradient(0, 0, 1200, 900);
          sky.addColorStop(0, "#d9e4ec");
          sky.addColorStop(1, "#7a8c99");
          g.fillStyle = sky;
          g.fillRect(0, 0, 1200, 900);
          g.fillStyle = "#5b4636";
          g.beginPath();
          g.ellipse(600, 420, 260, 150, 0.3, 0, 2 * Math.PI);
          g.fill();
          g.fillStyle = "#ffffff";
          g.font = "64px sans-serif";
          g.fillText("3-2-1201 kitchen", 60, 820);
          canvas.toBlob(
            (blob) => {
              const reader = new FileReader();
              reader.onload = () =>
                resolve(String(reader.result).split(",")[1]);
              reader.readAsDataURL(blob);
            },
            "image/jpeg",
            0.85,
          );
        }),
    );
    writeFileSync(join(filesDir, PHOTO), Buffer.from(jpeg, "base64"));
    writeFileSync(join(filesDir, SCAN), onePagePdf());
    // Text with a photo's name: the page lets it through, the backend reads the bytes.
    writeFileSync(
      join(filesDir, NOT_A_PHOTO),
      "住户手写说明的文字版，不是照片。\n",
    );
  });

  after(async () => {
    if (browser) await screenshot(browser, "attachments-last");
    await app?.stop();
    if (!process.env.COMPLAINTDESK_KEEP_DATA) {
      rmSync(printDir, { recursive: true, force: true });
      rmSync(filesDir, { recursive: true, force: true });
    }
  });

  /** The attachment cards shown (kept ones), by name. */
  function cards() {
    return browser.execute(() =>
      Array.from(
        document.querySelectorAll(
          '[data-testid="attachments"] .attachment-card',
        ),
      ).map((card) => ({
        id: Number(card.dataset.testid.slice("attachment-".length)),
        kind: card.dataset.kind,
        name: card
          .querySelector('[data-testid="attachment-name"]')
          .innerText.trim(),
        text: card.innerText.replace(/\s+/g, " ").trim(),
        thumbnail:
          card.querySelector('img[data-testid="attachment-thumbnail"]')
            ?.naturalWidth ?? 0,
      })),
    );
  }

  async function card(name) {
    let found;
    await browser.waitUntil(
      async () =>
        (found = (await cards()).find((shown) => shown.name === name)) !==
        undefined,
      {
        timeout: 15_000,
        timeoutMsg: `${name} is not among the attachments: ${(await shownErrors(browser)).join(" / ")}`,
      },
    );
    return found;
  }

  /**
   * Chooses a file in the page's file input, as the file dialog would. The input is hidden
   * behind 添加附件; WebKitWebDriver types a path only into an input it can see.
   */
  async function chooseFile(name) {
    const input = await browser.$(testId("attachment-input"));
    await browser.execute((el) => {
      Object.assign(el.style, {
        position: "static",
        width: "240px",
        height: "24px",
        opacity: "1",
        pointerEvents: "auto",
      });
    }, input);
    await input.setValue(join(filesDir, name));
    await browser.execute((el) => el.removeAttribute("style"), input);
  }

  /** Scrolls the attachments panel to the top of the page's scroll area. */
  async function showPanel() {
    await browser.execute(() =>
      document
        .querySelector('[data-testid="attachments"]')
        ?.closest(".detail-card")
        ?.scrollIntoView({ block: "start" }),
    );
  }

  it("attaches a photo to a step and a PDF scan through the file input", async () => {
    await click(browser, testId("menu-list"));
    await click(browser, testId(`row-${complaint.caseNo}`));
    await waitForDetail(browser, complaint.caseNo);
    assert.equal(await textOf(browser, "attachments-none"), "尚无附件");

    // The photo documents the registration (the only step so far).
    await click(browser, testId("attachment-step-select"));
    const registered = await browser.$(
      "//div[contains(@class,'dropdown-attachment-step-select')]//li[contains(., '登记投诉')]",
    );
    await registered.waitForDisplayed();
    await registered.click();
    await registered.waitForDisplayed({ reverse: true });
    await chooseFile(PHOTO);
    const photo = await card(PHOTO);
    assert.equal(photo.kind, "jpeg");
    await browser.waitUntil(async () => (await card(PHOTO)).thumbnail > 0, {
      timeoutMsg: "the photo's thumbnail did not load",
    });
    assert.match(photo.text, /林晓 2026-11-30 09:\d\d 添加/);
    assert.match(photo.text, /所属步骤：登记投诉（2026-11-30 09:\d\d）/);

    // The scan belongs to the complaint as a whole.
    await browser.execute(() =>
      document
        .querySelector(
          '[data-testid="attachment-step-select"] .el-select__clear',
        )
        ?.click(),
    );
    await click(browser, ".complaint-detail-view .detail-card__title");
    await chooseFile(SCAN);
    const scan = await card(SCAN);
    assert.equal(scan.kind, "pdf");
    assert.equal(scan.thumbnail, 0, "a PDF shows an icon");
    assert.match(scan.text, /PDF 文件/);
    assert.doesNotMatch(scan.text, /所属步骤/);

    const lines = (await timeline(browser))
      .filter((entry) => entry.kind === "attached")
      .map((entry) => entry.text);
    assert.equal(lines.length, 2);
    assert.match(lines[0], new RegExp(`^添加附件：${PHOTO}（\\d+ KB）`));
    assert.match(lines[1], new RegExp(`^添加附件：${SCAN}（1 KB）`));
    await screenshotBothWidths(browser, "attachments-panel", showPanel);
  });

  it("shows the photo full size, and saves a copy of the PDF", async () => {
    const photo = await card(PHOTO);
    await click(browser, testId(`attachment-open-${photo.id}`));
    const image = await browser.$(".el-image-viewer__img");
    await image.waitForDisplayed({ timeoutMsg: "the full view did not open" });
    await browser.waitUntil(
      () => browser.execute((el) => el.complete && el.naturalWidth, image),
      {
        timeoutMsg: "the full-size photo did not load",
      },
    );
    assert.deepEqual(
      await browser.execute((el) => [el.naturalWidth, el.naturalHeight], image),
      [1200, 900],
      "the whole photo, not the thumbnail",
    );
    await screenshotBothWidths(browser, "attachments-viewer");
    await click(browser, ".el-image-viewer__close");
    await image.waitForDisplayed({ reverse: true });

    const scan = await card(SCAN);
    await click(browser, testId(`attachment-save-${scan.id}`));
    const notice = await browser.$(testId("print-result"));
    await notice.waitForDisplayed({
      timeoutMsg: "no notice after saving the PDF",
    });
    const saved = readdirSync(printDir).find(
      (name) => name.startsWith("维修单") && name.endsWith(".pdf"),
    );
    assert.ok(
      saved,
      `no copy of the scan in ${printDir}: ${readdirSync(printDir)}`,
    );
    assert.equal(
      statSync(join(printDir, saved)).size,
      onePagePdf().length,
      "the same bytes",
    );
    assert.match(await visibleText(browser, notice), new RegExp(saved));
    await browser.execute(() =>
      document
        .querySelectorAll(".el-notification__closeBtn")
        .forEach((button) => button.click()),
    );
  });

  it("refuses a text file named like a photo, naming 附件", async () => {
    await chooseFile(NOT_A_PHOTO);
    const refusal = await browser.$(testId("attachment-refusal"));
    await refusal.waitForDisplayed({
      timeoutMsg: "no refusal for a file that is not a photo",
    });
    assert.equal(
      await visibleText(browser, refusal),
      `${NOT_A_PHOTO}：附件格式不支持：只接受照片（JPEG、PNG、HEIC）和 PDF 扫描件`,
    );
    assert.equal((await cards()).length, 2, "nothing was added");
    await screenshotBothWidths(browser, "attachments-refused", showPanel);
  });

  it("takes a photo dropped on the panel", async () => {
    // What the webview hands the page for a file dragged from the file manager: a drop
    // event with the file in its DataTransfer (made here by the page, from a canvas).
    const dropped = await browser.execute(
      (name) =>
        new Promise((resolve) => {
          const canvas = document.createElement("canvas");
          canvas.width = 640;
          canvas.height = 480;
          const g = canvas.getContext("2d");
          g.fillStyle = "#c8b89a";
          g.fillRect(0, 0, 640, 480);
          g.fillStyle = "#6d5a45";
          g.fillRect(200, 150, 240, 180);
          canvas.toBlob((blob) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([blob], name, { type: "image/png" }));
            const panel = document.querySelector('[data-testid="attachments"]');
            for (const type of ["dragenter", "dragover", "drop"]) {
              panel.dispatchEvent(
                new DragEvent(type, {
                  bubbles: true,
                  cancelable: true,
                  dataTransfer: transfer,
                }),
              );
            }
            resolve(transfer.files.length);
          }, "image/png");
        }),
      DROPPED,
    );
    assert.equal(dropped, 1, "the page made the dropped file");
    const png = await card(DROPPED);
    assert.equal(png.kind, "png");
    await browser.waitUntil(async () => (await card(DROPPED)).thumbnail > 0, {
      timeoutMsg: "the dropped photo's thumbnail did not load",
    });
  });

  it("removes the wrong photo with a reason, which the timeline records", async () => {
    const wrong = await card(DROPPED);
    await click(browser, testId(`attachment-remove-${wrong.id}`));
    await click(browser, testId("remove-attachment-submit"));
    await browser.waitUntil(
      async () =>
        (await fieldError(browser, "remove-attachment-reason")) !== "",
      {
        timeoutMsg: "no message under 移除原因",
      },
    );
    assert.equal(
      await fieldError(browser, "remove-attachment-reason"),
      "原因不能为空",
    );
    await fill(browser, "remove-attachment-reason", REMOVE_REASON);
    await screenshotBothWidths(browser, "attachments-remove-dialog");
    await click(browser, testId("remove-attachment-submit"));
    await browser.waitUntil(
      async () =>
        (await timeline(browser)).some(
          (entry) => entry.kind === "attachmentRemoved",
        ),
      {
        timeoutMsg: `the removal is not on the timeline: ${(await shownErrors(browser)).join(" / ")}`,
      },
    );
    const removed = (await timeline(browser)).find(
      (entry) => entry.kind === "attachmentRemoved",
    );
    assert.match(
      removed.text,
      new RegExp(`^移除附件：${DROPPED}，原因：${REMOVE_REASON}`),
    );
    assert.deepEqual(
      (await cards()).map((shown) => shown.name),
      [PHOTO, SCAN],
    );
    const collapsed = await browser.$(testId("attachments-removed"));
    assert.match(await visibleText(browser, collapsed), /已移除的附件（1）/);
    await click(
      browser,
      `${testId("attachments-removed")} .el-collapse-item__header`,
    );
    const line = await browser.$(testId(`attachment-removed-${wrong.id}`));
    // The collapse opens with a transition: its text shows once it has.
    const expected = new RegExp(
      `${DROPPED}\\s*林晓 2026-11-30 09:\\d\\d 移除，原因：${REMOVE_REASON}`,
    );
    let shown = "";
    await browser.waitUntil(
      async () => expected.test((shown = await visibleText(browser, line))),
      {
        timeoutMsg: `the removed line reads ${JSON.stringify(shown)}`,
      },
    );
    await screenshotBothWidths(browser, "attachments-removed", showPanel);
  });

  it("prints the form with the attachments listed and the photo on an appendix page", async () => {
    await click(browser, testId("print-form"));
    const file = await printedFile(browser, printDir, "住户投诉意见表");
    const text = execFileSync("pdftotext", ["-layout", file, "-"], {
      encoding: "utf8",
    });
    assert.match(text, /附件/);
    assert.match(text, /附页：照片/);
    // Listed in 附件 and named on the appendix; the removed photo only in 处理经过.
    assert.ok(text.includes(PHOTO), `the photo is listed:\n${text}`);
    assert.ok(text.includes(SCAN), "the scan is listed");
    assert.match(
      text,
      new RegExp(`附件 1：${PHOTO}`),
      "the photo is named on the appendix",
    );
    assert.match(text, new RegExp(`移除附件：${DROPPED}`));
    const images = execFileSync("pdfimages", ["-list", file], {
      encoding: "utf8",
    })
      .split("\n")
      .slice(2)
      .filter((row) => row.trim() !== "");
    assert.equal(
      images.length,
      1,
      `one image (the kept photo):\n${images.join("\n")}`,
    );
  });

  it("lets the administrator check every attachment's file", async () => {
    await logIn(browser, ADMIN);
    await click(browser, testId("menu-safety"));
    await click(browser, testId("verify-attachments"));
    assert.equal(
      await textOf(browser, "attachments-intact"),
      "全部附件文件完好",
    );
    await screenshotBothWidths(browser, "attachments-verified", () =>
      browser.execute(() =>
        document
          .querySelector('[data-testid="verify-attachments"]')
          ?.scrollIntoView({ block: "center" }),
      ),
    );
  });
});

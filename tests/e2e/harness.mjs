// Starts the real app under tauri-driver on a fresh data directory and connects
// WebdriverIO to it. One app per test file: `const app = await startApp()` in `before`,
// `await app.stop()` in `after`; `app = await app.restart({ startTime })` starts it again
// on the same data directory (a desk switched off and on again, later).
//
// Needs: target/debug/complaint-desk (or COMPLAINTDESK_BIN), tauri-driver (PATH or
// ~/.cargo/bin), WebKitWebDriver (webkit2gtk-driver), sqlite3, and a display; without
// DISPLAY an Xvfb is started. Screenshots (taken from the display with ImageMagick's
// `import`) and the driver's log go to screenshots/.
// COMPLAINTDESK_KEEP_DATA=1 keeps the data directory for a look after a failure.
// Each data directory has its own configuration folder beside it (configDirFor), where
// the app keeps the installation's audit key: a test never writes into ~/.config, and an
// app started again on the same data directory finds its key.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  accessSync,
  appendFileSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  createWriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { remote } from 'webdriverio';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const execFileAsync = promisify(execFile);
const DRIVER_PORT = 4444;
const NATIVE_PORT = 4445;

export const SCREENSHOTS = join(HERE, 'screenshots');
/** The README shows the screenshots kept here. */
const DOCS = join(REPO, 'docs');

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findTauriDriver() {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'tauri-driver')),
    join(process.env.HOME ?? '', '.cargo', 'bin', 'tauri-driver'),
  ];
  const found = candidates.find(isExecutable);
  if (!found)
    throw new Error('tauri-driver not found on PATH or in ~/.cargo/bin (cargo install tauri-driver --locked)');
  return found;
}

function findApp() {
  const app = process.env.COMPLAINTDESK_BIN ?? join(REPO, 'target', 'debug', 'complaint-desk');
  if (!isExecutable(app)) throw new Error(`app binary not found at ${app}: build it first, or set COMPLAINTDESK_BIN`);
  return app;
}

/** Starts Xvfb when there is no display, so the suite also runs on a headless machine. */
async function ensureDisplay(log) {
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return { env: {}, stop: async () => {} };
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  xvfb.stderr.pipe(log, { end: false });
  const display = await new Promise((resolveDisplay, reject) => {
    let text = '';
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolveDisplay(`:${text.trim()}`);
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before opening a display`)));
  });
  return { env: { DISPLAY: display }, stop: () => stopProcess(xvfb) };
}

/** Resolves to `value` after `ms`, without keeping the test process alive for it. */
const after = (ms, value) => new Promise((resolveLater) => setTimeout(resolveLater, ms, value).unref());

/** Process groups of the drivers still running, killed whatever way this process ends. */
const liveGroups = new Set();
function killGroups(signal) {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => killGroups('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killGroups('SIGKILL');
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

/**
 * Stops tauri-driver with everything it started (WebKitWebDriver, the app, WebKit's
 * processes): SIGTERM to its process group first, so that it closes the session cleanly,
 * SIGKILL to the group when that does not end it in time. Never leaves a process behind
 * that would hold the driver's ports or keep the test file from ending.
 */
async function stopDriver(child, timeoutMs = 15_000) {
  const group = child.pid;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit');
  try {
    process.kill(-group, 'SIGTERM');
  } catch {
    // the group is already gone
  }
  const inTime = await Promise.race([exited.then(() => true), after(timeoutMs, false)]);
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // nothing left in the group
  }
  liveGroups.delete(group);
  if (!inTime) console.error(`tauri-driver ${group} did not end within ${timeoutMs} ms of SIGTERM; killed`);
}

async function stopProcess(child, timeoutMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), after(timeoutMs, false)]);
  if (!inTime) child.kill('SIGKILL');
}

/** Gives up on a WebDriver call that does not answer (a hung page), so that clean-up goes on. */
function within(promise, timeoutMs, what) {
  return Promise.race([
    promise,
    after(timeoutMs).then(() => {
      throw new Error(`${what} did not answer within ${timeoutMs} ms`);
    }),
  ]);
}

async function waitForPort(port, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`tauri-driver exited with ${child.exitCode}; see ${SCREENSHOTS}/tauri-driver.log`);
    try {
      await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`tauri-driver did not answer on port ${port} within ${timeoutMs} ms`);
}

/**
 * The XDG_CONFIG_HOME of the apps on `dataDir`: a folder beside it (`<dataDir>-config`),
 * so that the audit key stays outside the data directory, as on a real machine, and an
 * app started again on the same data, or a command run on it (`seed-demo`), uses the
 * same key. startApp makes it and removes it with the data directory.
 */
export function configDirFor(dataDir) {
  return `${resolve(dataDir)}-config`;
}

/**
 * @param {{ startTime?: string, dataDir?: string, env?: Record<string, string> }} [options]
 *   startTime is passed as COMPLAINTDESK_START_TIME (the app's clock starts there and runs
 *   on); dataDir reuses a data directory instead of a fresh one (it is then removed by the
 *   last app's stop, with its configuration folder); env adds to the app's environment
 *   (an XDG_CONFIG_HOME there replaces configDirFor(dataDir), and is left alone).
 */
export async function startApp(options = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const log = createWriteStream(join(SCREENSHOTS, 'tauri-driver.log'), { flags: 'a' });
  const application = findApp();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'complaintdesk-e2e-'));
  const configDir = options.env?.XDG_CONFIG_HOME === undefined ? configDirFor(dataDir) : null;
  if (configDir !== null) mkdirSync(configDir, { recursive: true });
  const removeData = () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (configDir !== null) rmSync(configDir, { recursive: true, force: true });
  };
  const display = await ensureDisplay(log);

  const env = { ...process.env, ...options.env, ...display.env, COMPLAINTDESK_DATA_DIR: dataDir };
  if (configDir !== null) env.XDG_CONFIG_HOME = configDir;
  if (options.startTime) env.COMPLAINTDESK_START_TIME = options.startTime;
  // Its own process group, so that stopping it also ends WebKitWebDriver and the app.
  // A second app at once (another desk on the same server) takes the next two ports.
  const offset = 2 * (options.instance ?? 0);
  const [driverPort, nativePort] = [DRIVER_PORT + offset, NATIVE_PORT + offset];
  const driver = spawn(findTauriDriver(), ['--port', String(driverPort), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  liveGroups.add(driver.pid);
  // For run.mjs, which kills them if this process itself has to be killed.
  appendFileSync(join(SCREENSHOTS, 'driver-groups'), `${driver.pid}\n`);
  driver.stdout.pipe(log, { end: false });
  driver.stderr.pipe(log, { end: false });

  let browser;
  try {
    await waitForPort(driverPort, driver);
    browser = await remote({
      hostname: '127.0.0.1',
      port: driverPort,
      logLevel: 'warn',
      connectionRetryTimeout: 120_000,
      waitforTimeout: 15_000,
      capabilities: {
        browserName: 'wry',
        // tauri-driver does not proxy WebDriver BiDi, which WebdriverIO 9 asks for by default.
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application },
      },
    });
  } catch (error) {
    await stopDriver(driver);
    await display.stop().catch(() => {});
    removeData();
    throw error;
  }

  async function shutDown(keepData) {
    try {
      await within(browser.deleteSession(), 20_000, 'deleting the WebDriver session');
    } catch (error) {
      console.error(`closing the app: ${error}`);
    } finally {
      await stopDriver(driver);
      await display.stop().catch(() => {});
      log.end();
      if (!keepData && !process.env.COMPLAINTDESK_KEEP_DATA) removeData();
    }
  }

  return {
    browser,
    dataDir,
    /** Where this app keeps its audit key (XDG_CONFIG_HOME). */
    configDir: configDir ?? options.env.XDG_CONFIG_HOME,
    dbPath: join(dataDir, 'complaintdesk.db'),
    stop: () => shutDown(false),
    /** Quits the app and starts it again on the same data directory and audit key. */
    async restart(restartOptions = {}) {
      await shutDown(true);
      const env = restartOptions.env ?? options.env;
      // A configuration folder of the test's own stays, even when the new env leaves it out.
      const keys = options.env?.XDG_CONFIG_HOME;
      const keep = keys !== undefined && env?.XDG_CONFIG_HOME === undefined;
      return startApp({ ...restartOptions, env: keep ? { ...env, XDG_CONFIG_HOME: keys } : env, dataDir });
    },
  };
}

/**
 * Saves `screenshots/<name>.png`, and a copy as `docs/<docs>.png` when asked and
 * COMPLAINTDESK_UPDATE_DOCS=1 (so that an ordinary test run leaves the tree clean); never
 * fails the test that asked for it.
 */
export async function screenshot(browser, name, { docs } = {}) {
  try {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `${name}.png`);
    // Let the last change reach the screen: Xvfb paints a little behind the DOM, and
    // Element Plus fades radios and tags in.
    await browser.execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await browser.pause(400);
    await captureWindow(browser, file);
    if (docs && process.env.COMPLAINTDESK_UPDATE_DOCS === '1') copyFileSync(file, join(DOCS, `${docs}.png`));
  } catch (error) {
    console.error(`screenshot ${name} failed: ${error}`);
  }
}

/**
 * Writes the window as the X display shows it to `file` (PNG), with ImageMagick's
 * `import`. Not WebKitWebDriver's screenshot: it never answers for a window that paints
 * without compositing, as the app's does (src-tauri/src/webview.rs).
 */
export async function captureWindow(browser, file) {
  const { x, y, width, height } = await browser.getWindowRect();
  const geometry = `${width}x${height}+${Math.max(0, x)}+${Math.max(0, y)}`;
  await execFileAsync('import', ['-silent', '-window', 'root', '-crop', geometry, '+repage', file], {
    timeout: 20_000,
  });
}

/** Resizes the window so that the page gets exactly width × height (whatever frame the window adds). */
export async function resizePage(browser, width, height) {
  const inner = () => browser.execute(() => [window.innerWidth, window.innerHeight]);
  await browser.setWindowSize(width, height);
  let [w, h] = await inner();
  if (w !== width || h !== height) {
    await browser.pause(300);
    [w, h] = await inner();
    if (w !== width || h !== height) await browser.setWindowSize(width + (width - w), height + (height - h));
  }
  await browser.waitUntil(
    async () => {
      [w, h] = await inner();
      return w === width && h === height;
    },
    { timeout: 5000, timeoutMsg: `the page is ${w}×${h}, not ${width}×${height}` },
  );
  await browser.pause(250);
}

/**
 * Screenshots `<name>-1920.png` and `<name>-1280.png` (1920×1080 and 1280×720), then stays
 * at 1280×720; `show` runs after each resize (to scroll what is looked at into view).
 */
export async function screenshotBothWidths(browser, name, show = async () => {}) {
  for (const [width, height] of [
    [1920, 1080],
    [1280, 720],
  ]) {
    await resizePage(browser, width, height);
    await show();
    await screenshot(browser, `${name}-${width}`);
  }
}

/**
 * Starts the app with no WebDriver, its page inspectable on `port` (WebKit's remote
 * inspector; see inspector.mjs), on a fresh data folder. For what WebDriver cannot
 * drive: a page whose web process ends. Answers the app's process and `stop`.
 */
export async function startInspectedApp(port) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const log = createWriteStream(join(SCREENSHOTS, 'inspected-app.log'), { flags: 'a' });
  const dataDir = mkdtempSync(join(tmpdir(), 'complaintdesk-e2e-'));
  const configDir = configDirFor(dataDir);
  mkdirSync(configDir, { recursive: true });
  const display = await ensureDisplay(log);
  const app = spawn(findApp(), [], {
    env: {
      ...process.env,
      ...display.env,
      COMPLAINTDESK_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: configDir,
      WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout.pipe(log, { end: false });
  app.stderr.pipe(log, { end: false });
  return {
    app,
    dataDir,
    async stop() {
      await stopProcess(app);
      await display.stop().catch(() => {});
      log.end();
      if (!process.env.COMPLAINTDESK_KEEP_DATA) {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(configDir, { recursive: true, force: true });
      }
    },
  };
}

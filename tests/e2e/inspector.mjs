// The app's page driven through WebKit's remote inspector (WEBKIT_INSPECTOR_HTTP_SERVER;
// debug builds only, where the page is inspectable), for what WebDriver cannot drive: a
// page whose web process ends (WebKitWebDriver ends its session with it), or a page no
// element handle may keep alive. Used by newprocess.test.mjs and scripts/pageheap.mjs.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { tree } from '../../scripts/procmem.mjs';
import { CENTER_SETUP } from './people.mjs';

/** An answer that has not come by then is taken as lost (a page that went away). */
const ANSWER_MS = 120_000;

// Put in scope of every `inPage` body.
const HELPERS = `
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const visible = (el) => el !== null && el.getClientRects().length > 0;
  const shown = async (selector, gone = false) => {
    for (let i = 0; i < 600; i += 1) {
      const el = document.querySelector(selector);
      if (gone ? !visible(el) : visible(el)) return el;
      await sleep(25);
    }
    throw new Error((gone ? 'still shown: ' : 'not shown: ') + selector);
  };
  // The field marked data-testid=id (an input, or the one inside it) takes the value and
  // fires the event Vue listens to, as an input method would.
  const fill = (id, value) => {
    const el = document.querySelector('[data-testid="' + id + '"]');
    const input = el.matches('input, textarea') ? el : el.querySelector('input, textarea');
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  // Opens the el-select marked data-testid=id and clicks its option with this text.
  const choose = async (id, text) => {
    document.querySelector('[data-testid="' + id + '"] .el-select__wrapper').click();
    await shown('.dropdown-' + id + ' .el-select-dropdown__item');
    const options = [...document.querySelectorAll('.dropdown-' + id + ' .el-select-dropdown__item')];
    options.find((li) => li.textContent.trim() === text).click();
    await shown('.dropdown-' + id, true);
  };
  const invoke = (name, payload) => window.__TAURI_INTERNALS__.invoke(name, payload);
  const logIn = async (user) => {
    await shown('[data-testid="login-title"]');
    await sleep(150);
    fill('username', user.username);
    fill('password', user.password);
    document.querySelector('[data-testid="login-submit"]').click();
    await shown('[data-testid="current-user"]');
    await shown('.dashboard-view');
  };`;

/** The pid of the WebKit web process under `appPid`, or undefined while there is none. */
export function webProcess(appPid) {
  return tree(appPid).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('WebKitWebProces');
    } catch {
      return false;
    }
  });
}

/**
 * Connects to the page of the app inspectable on `port`. Messages to the page go wrapped
 * in Target.sendMessageToTarget; when its web process is replaced the inspector names no
 * new page on the same connection, so `reconnect` opens another.
 */
export async function openInspector(port) {
  let socket = null;
  let target = null;
  let nextId = 1;
  const answers = new Map();

  async function connect() {
    let path = null;
    for (let i = 0; i < 200 && path === null; i += 1) {
      await sleep(300);
      try {
        const list = await (await fetch(`http://127.0.0.1:${port}/`)).text();
        path = list.match(/host \+ '([^']+)'/)?.[1] ?? null;
      } catch {
        // not listening yet
      }
    }
    if (path === null) throw new Error(`no inspectable page on port ${port} (is the app a debug build?)`);
    target = null;
    socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === 'Target.targetCreated') target = message.params.targetInfo.targetId;
      if (message.method === 'Target.didCommitProvisionalTarget') target = message.params.newTargetId;
      if (message.method === 'Target.dispatchMessageFromTarget') {
        const inner = JSON.parse(message.params.message);
        answers.get(inner.id)?.done(inner);
        answers.delete(inner.id);
      }
    });
    const opened = socket;
    // A connection that closes (the app gone, or reconnect) fails what still waits on it.
    socket.on('close', () => {
      for (const [id, waiting] of answers) {
        if (waiting.socket !== opened) continue;
        answers.delete(id);
        waiting.fail(new Error('the inspector connection closed'));
      }
    });
    await new Promise((done, fail) => {
      socket.once('open', done);
      socket.once('error', fail);
    });
    // Later errors close the connection (above); they must not end the test process.
    socket.on('error', () => {});
    for (let i = 0; i < 100 && target === null; i += 1) await sleep(100);
    if (target === null) throw new Error('the inspector named no page');
  }

  /** Sends `method` to the page; rejects when no answer comes within `ms`. */
  function send(method, params = {}, ms = ANSWER_MS) {
    return new Promise((done, fail) => {
      const id = nextId;
      nextId += 1;
      const timer = setTimeout(() => {
        answers.delete(id);
        fail(new Error(`no answer to ${method} within ${ms} ms`));
      }, ms);
      answers.set(id, {
        socket,
        done: (answer) => {
          clearTimeout(timer);
          done(answer);
        },
        fail: (error) => {
          clearTimeout(timer);
          fail(error);
        },
      });
      const message = JSON.stringify({ id, method, params });
      socket.send(JSON.stringify({ id, method: 'Target.sendMessageToTarget', params: { targetId: target, message } }));
    });
  }

  function refused(answer) {
    if (answer.error) return JSON.stringify(answer.error);
    if (answer.result.wasThrown) return JSON.stringify(answer.result.result);
    return null;
  }

  /**
   * Runs `body` in the page as an async function of `args`, with the helpers above in
   * scope, and answers its value. WebKit's Runtime.evaluate does not wait for a promise:
   * Runtime.awaitPromise does.
   */
  async function inPage(body, ...args) {
    return inPageWithin(ANSWER_MS, body, ...args);
  }
  async function inPageWithin(ms, body, ...args) {
    const expression = `(async (args) => { ${HELPERS}\n${body} })(${JSON.stringify(args)})`;
    const evaluated = await send('Runtime.evaluate', { expression }, ms);
    if (refused(evaluated)) throw new Error(refused(evaluated));
    const awaited = await send(
      'Runtime.awaitPromise',
      { promiseObjectId: evaluated.result.result.objectId, returnByValue: true },
      ms,
    );
    if (refused(awaited)) throw new Error(refused(awaited));
    return awaited.result.result.value;
  }

  /**
   * Waits for the page (new, loading again, or in a new web process) to show `testId`:
   * until it has, the page's context may be gone between an evaluation and its answer.
   */
  async function pageShows(testId) {
    for (let i = 0; i < 100; i += 1) {
      const found = await inPageWithin(
        5000,
        `return document.querySelector('[data-testid="${testId}"]') !== null;`,
      ).catch(() => false);
      if (found) return;
      await sleep(400);
    }
    throw new Error(`the page never showed ${testId}`);
  }

  async function reconnect() {
    socket.close();
    await connect();
  }

  /** Calls a backend command from the page; a refusal rejects with the backend's words. */
  function invoke(command, args = {}) {
    return inPage(`return invoke(args[0], args[1]);`, command, args);
  }

  await connect();
  return { send, inPage, invoke, pageShows, reconnect, close: () => socket.close() };
}

/** First run, as the e2e tests do it: 本机单机使用, the center set up, the login page. */
export async function setUpCenter(inspector) {
  await inspector.pageShows('use-alone');
  await inspector.inPage(
    `document.querySelector('[data-testid="use-alone"]').click();
     await shown('[data-testid="centerName"]');
     await invoke('first_run_setup', { input: args[0] });
     setTimeout(() => window.location.reload(), 50);`,
    CENTER_SETUP,
  );
  await inspector.pageShows('login-title');
}

/** Waits up to 15 s for a web process under the app other than `old`; answers it, or undefined. */
export async function newWebProcess(appPid, old) {
  for (let i = 0; i < 150 && [undefined, old].includes(webProcess(appPid)); i += 1) await sleep(100);
  const now = webProcess(appPid);
  return now === old ? undefined : now;
}

/**
 * 退出登录 in the header, and waits for the login page, which a desk (no WebDriver) opens
 * in a new web process; the inspector is then connected to the new page. Answers the old
 * process and the new; fails when no new one comes.
 */
export async function logOutAfresh(inspector, appPid) {
  const before = webProcess(appPid);
  await inspector.inPage(`setTimeout(() => document.querySelector('[data-testid="logout"]').click(), 50);`);
  const after = await newWebProcess(appPid, before);
  if (after === undefined) throw new Error('no new web process within 15 s of the logout');
  await inspector.reconnect();
  await inspector.pageShows('login-title');
  return { before, after };
}

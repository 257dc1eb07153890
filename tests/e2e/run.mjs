// Runs the end-to-end test files one after another, each in its own `node --test`
// process with a time limit, so that one hung browser can never stall the whole run.
//
// A failed file is run once more from the start, with a warning, only when its first
// failure (the first failing test or hook in node's TAP output, see rerun.mjs) is the page
// dying under the driver: WebKitWebDriver's "session deleted because of page crash or
// hang", or "Could not parse element/script" when the web process went away mid-command.
// The same words in a later failure, in an assertion's message, or in what a test printed
// do not count. The WebKit web process crashing is the browser engine failing, not an
// assertion about the app; but the same words follow the app's own process dying, so a
// Rust panic in the driver's log while the file ran means no rerun (the panic is
// printed). A file stopped for its time limit (exit 124) is a failure, never rerun. Any
// other failure, or a failure of the rerun, fails the run. The closing summary says how
// many files were rerun, and each one's crash line. A file stopped for its time limit,
// or this runner stopped, takes the drivers its harness started with it (their process
// groups are listed in screenshots/).
//
//   node run.mjs [file.test.mjs ...]      (default: every *.test.mjs here, in name order)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUNG, shouldRerun } from './rerun.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
/** No test file takes more than about one minute; five is a hang. */
const FILE_LIMIT_MS = Number(process.env.E2E_FILE_LIMIT_MS ?? 300_000);
/** Resolves to `value` after `ms`, without keeping this process alive for it. */
const after = (ms, value) => new Promise((resolveLater) => setTimeout(resolveLater, ms, value).unref());
/** The driver's log, where the app's own output (a Rust panic) lands too. */
const DRIVER_LOG = join(HERE, 'screenshots', 'tauri-driver.log');
const logSize = () => {
  try {
    return statSync(DRIVER_LOG).size;
  } catch {
    return 0;
  }
};
/** What the driver's log gained since `from` bytes. */
const logSince = (from) => {
  try {
    return readFileSync(DRIVER_LOG).subarray(from).toString('utf8');
  } catch {
    return '';
  }
};
/** Where harness.mjs lists the process groups of the drivers it started. */
const DRIVER_GROUPS = join(HERE, 'screenshots', 'driver-groups');

/** Kills what a test file left running: its own process group, and its drivers'. */
function killLeftovers(child) {
  const groups = [child?.pid];
  try {
    groups.push(...readFileSync(DRIVER_GROUPS, 'utf8').split('\n').filter(Boolean).map(Number));
  } catch {
    // no driver started
  }
  for (const group of groups.filter(Boolean)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

let running = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killLeftovers(running);
    process.exit(130);
  });
}

const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(HERE).filter((name) => name.endsWith('.test.mjs')).sort();

/** Runs one file, echoing its output; resolves to its exit code and what it printed on stdout (TAP). */
async function runFile(file) {
  rmSync(DRIVER_GROUPS, { force: true });
  const child = spawn(process.execPath, ['--test', '--test-force-exit', file], {
    cwd: HERE,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running = child;
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? 128 + (signal ? 9 : 0))));
  const code = await Promise.race([exited, after(FILE_LIMIT_MS, null)]);
  if (code !== null) {
    killLeftovers(null); // drivers a failed clean-up left behind
    running = null;
    return { code, output };
  }

  console.error(`\n# ${file}: still running after ${FILE_LIMIT_MS / 1000} s, stopped`);
  try {
    process.kill(-child.pid, 'SIGTERM'); // the harness kills its drivers on SIGTERM
  } catch {
    // already gone
  }
  await Promise.race([exited, after(15_000, null)]);
  killLeftovers(child);
  running = null;
  return { code: HUNG, output };
}

const failed = [];
/** Files run a second time, each with its first failure's crash line. */
const reruns = [];
for (const file of files) {
  console.log(`\n# ${file}`);
  const logFrom = logSize();
  const first = await runFile(file);
  let { code } = first;
  const decision = shouldRerun({ code, output: first.output, driverLog: code === 0 || code === HUNG ? '' : logSince(logFrom) });
  if (decision.panic.length > 0) {
    console.error(`\n# ${file}: the page died under the driver and the app panicked:\n${decision.panic.join('\n')}`);
  } else if (decision.rerun) {
    console.error(`\n# WARNING ${file}: the first failure ("${decision.test}") is the page dying under the driver, without a panic from the app:\n#   ${decision.crash}\n# running the file once more`);
    reruns.push(`${file} (first failure: ${decision.crash})`);
    ({ code } = await runFile(file));
    if (code !== 0) {
      failed.push(`${file} (exit ${code} on its rerun)`);
      continue;
    }
  }
  if (code !== 0) failed.push(`${file} (exit ${code})`);
}

const rerunSummary = `${reruns.length} rerun${reruns.length === 1 ? '' : 's'}${reruns.length > 0 ? `: ${reruns.join(', ')}` : ''}`;
if (failed.length > 0) {
  console.error(`\n# e2e failed: ${failed.join(', ')}; ${rerunSummary}`);
  process.exit(1);
}
console.log(`\n# e2e: ${files.length} file${files.length === 1 ? '' : 's'} passed; ${rerunSummary}`);

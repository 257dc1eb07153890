// Runs the end-to-end test files one after another, each in its own `node --test`
// process with a time limit, so that one hung browser can never stall the whole run.
//
// A file whose WebKit page crashed under the driver ("page crash or hang", after which
// every call answers "invalid session id") is run once more from the start, with a
// warning: that is the browser engine failing, not an assertion about the app. Any other
// failure, or a second crash, fails the run.
//
//   node run.mjs [file.test.mjs ...]      (default: every *.test.mjs here, in name order)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** No test file takes more than about one minute; five is a hang. */
const FILE_LIMIT_MS = Number(process.env.E2E_FILE_LIMIT_MS ?? 300_000);
/** Resolves to `value` after `ms`, without keeping this process alive for it. */
const after = (ms, value) => new Promise((resolveLater) => setTimeout(resolveLater, ms, value).unref());
const BROWSER_CRASH = /page crash or hang|invalid session id/;

const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(HERE).filter((name) => name.endsWith('.test.mjs')).sort();

/** Runs one file, echoing its output; resolves to its exit code and what it printed. */
async function runFile(file) {
  const child = spawn(process.execPath, ['--test', '--test-force-exit', file], {
    cwd: HERE,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
    });
  }
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? 128 + (signal ? 9 : 0))));
  const code = await Promise.race([exited, after(FILE_LIMIT_MS, null)]);
  if (code !== null) return { code, output };

  console.error(`\n# ${file}: still running after ${FILE_LIMIT_MS / 1000} s, stopped`);
  try {
    process.kill(-child.pid, 'SIGTERM'); // the harness kills its drivers on SIGTERM
  } catch {
    // already gone
  }
  const ended = await Promise.race([exited.then(() => true), after(15_000, false)]);
  if (!ended) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return { code: 124, output };
}

const failed = [];
for (const file of files) {
  console.log(`\n# ${file}`);
  let { code, output } = await runFile(file);
  if (code !== 0 && code !== 124 && BROWSER_CRASH.test(output)) {
    console.error(`\n# WARNING ${file}: the WebKit page crashed under the driver; running the file once more`);
    ({ code } = await runFile(file));
  }
  if (code !== 0) failed.push(`${file} (exit ${code})`);
}

if (failed.length > 0) {
  console.error(`\n# e2e failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\n# e2e: ${files.length} files passed`);

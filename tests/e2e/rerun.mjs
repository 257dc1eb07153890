// Whether run.mjs runs a failed test file once more: only when the file's first failure
// is the page dying under the driver, and the app did not panic. Pure, so that
// rerun.spec.mjs can check it against what `node --test` really prints.
//
// Reads the TAP that `node --test` (Node 20) writes to a pipe:
//
//   # Subtest: desk rules
//       # Subtest: registers a complaint
//       not ok 2 - registers a complaint
//         ---
//         duration_ms: 16.59
//         location: '/…/desk-rules.test.mjs:14:3'
//         failureType: 'testCodeFailure'
//         error: 'WebDriverError: session deleted because of page crash or hang when running "execute/sync" with method "POST"'
//         code: 'ERR_TEST_FAILURE'
//         name: 'unknown error'
//         stack: |-
//           …
//         ...
//   not ok 1 - desk rules
//     ---
//     failureType: 'subtestsFailed'
//     error: '1 subtest failed'
//     ...
//
// A test comes before the suite holding it, so the first `not ok` that is not just a
// consequence of another failure (a suite's 'subtestsFailed', a test 'cancelledByParent'
// because its suite's hook failed, where the hook's error follows on the suite) is the
// file's first failure. Single-line values are quoted as util.inspect quotes strings
// ('…', "…" when the text holds a ', `…` when it holds both); longer ones are `|-` blocks.
// What the tests print (console.log, console.error) arrives as `# …` comment lines, and
// is never a failure.

/** What WebKitWebDriver says once the web page has died (or its process went away mid-command). */
export const BROWSER_CRASH = /page crash or hang|Could not parse (element|script)/;
/** A Rust panic from the app, in the driver's log (where the app's stderr lands). */
export const APP_PANIC = /panicked at/;
/** Exit code run.mjs gives a file it stopped for its time limit. */
export const HUNG = 124;

/** Failures that only report another one. */
const CONSEQUENCES = new Set(['subtestsFailed', 'cancelledByParent']);
const NOT_OK = /^( *)not ok \d+(?: - (.*))?$/;
/** `# TODO` / `# SKIP` after a test's name (a `#` inside the name is written `\#`). */
const DIRECTIVE = /(?:^|[^\\])# (?:TODO|SKIP)\b/i;

/** A value as util.inspect quoted it, unquoted. */
function unquote(text) {
  const quote = text[0];
  if (text.length < 2 || !`'"\``.includes(quote) || text.at(-1) !== quote) return text;
  return text.slice(1, -1).replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, escape) => {
    if (/^[ux]/.test(escape) && escape.length > 1) {
      return String.fromCodePoint(parseInt(escape.replace(/^u\{?|^x|\}$/g, ''), 16));
    }
    return { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' }[escape] ?? escape;
  });
}

/** A test's name as the TAP reporter escaped it (`\#` for `#`, `\\`, `\n` …), unescaped. */
const unescapeName = (name) => name.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);

/**
 * The YAML block of the `not ok` at `lines[at]` (indented by `indent`), as an object of
 * its top-level fields (strings), or {} when there is none.
 */
function yamlBlock(lines, at, indent) {
  const fields = {};
  const inner = `${indent}  `;
  if (lines[at + 1] !== `${inner}---`) return fields;
  for (let i = at + 2; i < lines.length && lines[i] !== `${inner}...`; i += 1) {
    const field = lines[i].startsWith(inner) && /^([A-Za-z_]+):(?: (.*))?$/.exec(lines[i].slice(inner.length));
    if (!field) continue;
    const [, key, value = ''] = field;
    if (value === '|-' || value === '|') {
      const block = [];
      const deeper = `${inner}  `;
      while (i + 1 < lines.length && (lines[i + 1].startsWith(deeper) || lines[i + 1].trim() === '')
        && lines[i + 1] !== `${inner}...`) {
        i += 1;
        block.push(lines[i].slice(deeper.length));
      }
      fields[key] = block.join('\n').trimEnd();
    } else {
      fields[key] = unquote(value);
    }
  }
  return fields;
}

/**
 * The first failure in `node --test` output (its stdout): `{ name, failureType, error,
 * code }`, or null when nothing failed there.
 */
export function firstFailure(output) {
  const lines = String(output).split(/\r?\n/);
  for (let at = 0; at < lines.length; at += 1) {
    const notOk = NOT_OK.exec(lines[at]);
    if (!notOk || DIRECTIVE.test(notOk[2] ?? '')) continue;
    const fields = yamlBlock(lines, at, notOk[1]);
    if (CONSEQUENCES.has(fields.failureType)) continue;
    return {
      name: unescapeName(notOk[2] ?? ''),
      failureType: fields.failureType ?? '',
      error: fields.error ?? '',
      code: fields.code ?? '',
    };
  }
  return null;
}

/**
 * The line of a failure's error that says the page died under the driver, or null. An
 * assertion (code ERR_ASSERTION) is about the app, whatever text it quotes.
 */
export function crashLine(failure) {
  if (!failure || failure.code === 'ERR_ASSERTION') return null;
  return failure.error.split('\n').find((line) => BROWSER_CRASH.test(line))?.trim() ?? null;
}

/**
 * Whether a failed file is run once more. `code`: its exit code (124 when stopped for its
 * time limit); `output`: what `node --test` printed on stdout; `driverLog`: what the
 * driver's log gained while it ran.
 *
 * Returns `{ rerun, test, crash, panic }`: `test` is the name of the first failure and
 * `crash` its line saying the page died (both null when the first failure is something
 * else), `panic` the panic lines from the driver's log when the page died with the app
 * (then no rerun).
 */
export function shouldRerun({ code, output = '', driverLog = '' }) {
  const none = { rerun: false, test: null, crash: null, panic: [] };
  if (code === 0 || code === HUNG) return none;
  const first = firstFailure(output);
  const crash = crashLine(first);
  if (crash === null) return none;
  const panic = String(driverLog).split('\n').filter((line) => APP_PANIC.test(line));
  return { rerun: panic.length === 0, test: first.name, crash, panic };
}

// Unit tests for rerun.mjs, the rule by which run.mjs runs a failed e2e file once more.
// Not an e2e file (run.mjs picks up *.test.mjs only); `npm test` runs it first:
//
//   node --test rerun.spec.mjs
//
// The fixtures are what `node --test --test-force-exit file.test.mjs` printed on a pipe
// (Node v20.20.2), for small throwaway test files, with stack traces cut to two frames.
// The WebDriver errors are real ones from this directory's webdriverio, sent against a
// stand-in driver answering every command with WebKitWebDriver's error text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashLine, firstFailure, shouldRerun } from './rerun.mjs';

/** desk-rules-like file: a test passes, the next dies under the driver (a real WebDriverError from webdriverio against a stand-in driver answering "session deleted because of page crash or hang"), a later assertion fails. */
const CRASH_FIRST = `
TAP version 13
# the desk is up
# Subtest: desk rules
    # Subtest: shows the desk
    ok 1 - shows the desk
      ---
      duration_ms: 6.622733
      ...
    # Subtest: registers a complaint
    not ok 2 - registers a complaint
      ---
      duration_ms: 16.599742
      location: '/tmp/taptry/wdio/crash-first.test.mjs:14:3'
      failureType: 'testCodeFailure'
      error: 'WebDriverError: session deleted because of page crash or hang when running "execute/sync" with method "POST"'
      code: 'ERR_TEST_FAILURE'
      name: 'unknown error'
      stack: |-
        FetchRequest._request (file:///work/main/tests/e2e/node_modules/webdriver/build/node.js:2338:19)
        process.processTicksAndRejections (node:internal/process/task_queues:95:5)
      ...
    # Subtest: lists it
    not ok 3 - lists it
      ---
      duration_ms: 6.250158
      location: '/tmp/taptry/wdio/crash-first.test.mjs:17:3'
      failureType: 'testCodeFailure'
      error: |-
        one complaint listed
        
        0 !== 1
        
      code: 'ERR_ASSERTION'
      name: 'AssertionError'
      expected: 1
      actual: 0
      operator: 'strictEqual'
      stack: |-
        TestContext.<anonymous> (file:///tmp/taptry/wdio/crash-first.test.mjs:17:33)
        Test.runInAsyncScope (node:async_hooks:206:9)
      ...
    1..3
not ok 1 - desk rules
  ---
  duration_ms: 164.909496
  type: 'suite'
  location: '/tmp/taptry/wdio/crash-first.test.mjs:5:1'
  failureType: 'subtestsFailed'
  error: '2 subtests failed'
  code: 'ERR_TEST_FAILURE'
  ...
1..1
# tests 3
# suites 1
# pass 1
# fail 2
# cancelled 0
# skipped 0
# todo 0
`;

/** The `before` hook dies ("Could not parse element"): its tests are reported first, as cancelledByParent, and the hook's error follows on the suite. */
const HOOK_CRASH = `
TAP version 13
# Subtest: printing
    # Subtest: prints a receipt
    not ok 1 - prints a receipt
      ---
      duration_ms: 0
      location: '/tmp/taptry/wdio/hook-crash.test.mjs:13:3'
      failureType: 'cancelledByParent'
      error: 'test did not finish before its parent and was cancelled'
      code: 'ERR_TEST_FAILURE'
      ...
    # Subtest: prints a letter
    not ok 2 - prints a letter
      ---
      duration_ms: 0
      location: '/tmp/taptry/wdio/hook-crash.test.mjs:14:3'
      failureType: 'cancelledByParent'
      error: 'test did not finish before its parent and was cancelled'
      code: 'ERR_TEST_FAILURE'
      ...
    1..2
not ok 1 - printing
  ---
  duration_ms: 198.635844
  type: 'suite'
  location: '/tmp/taptry/wdio/hook-crash.test.mjs:4:1'
  failureType: 'hookFailed'
  error: 'WebDriverError: Could not parse element when running "element" with method "POST"'
  code: 'ERR_TEST_FAILURE'
  name: 'unknown error'
  stack: |-
    FetchRequest._request (file:///work/main/tests/e2e/node_modules/webdriver/build/node.js:2338:19)
    process.processTicksAndRejections (node:internal/process/task_queues:95:5)
  ...
1..1
# tests 2
# suites 1
# pass 0
# fail 0
# cancelled 2
# skipped 0
# todo 0
`;

/** An assertion fails first; the page dies in a later test. */
const ASSERTION_THEN_CRASH = `
TAP version 13
# Subtest: the whole procedure
    # Subtest: counts the open complaints
    not ok 1 - counts the open complaints
      ---
      duration_ms: 2.865224
      location: '/tmp/taptry/wdio/assert-first.test.mjs:13:3'
      failureType: 'testCodeFailure'
      error: |-
        three open complaints
        
        2 !== 3
        
      code: 'ERR_ASSERTION'
      name: 'AssertionError'
      expected: 3
      actual: 2
      operator: 'strictEqual'
      stack: |-
        TestContext.<anonymous> (file:///tmp/taptry/wdio/assert-first.test.mjs:13:51)
        Test.runInAsyncScope (node:async_hooks:206:9)
      ...
    # Subtest: closes one
    not ok 2 - closes one
      ---
      duration_ms: 27.270416
      location: '/tmp/taptry/wdio/assert-first.test.mjs:14:3'
      failureType: 'testCodeFailure'
      error: 'WebDriverError: session deleted because of page crash or hang when running "execute/sync" with method "POST"'
      code: 'ERR_TEST_FAILURE'
      name: 'unknown error'
      stack: |-
        FetchRequest._request (file:///work/main/tests/e2e/node_modules/webdriver/build/node.js:2338:19)
        process.processTicksAndRejections (node:internal/process/task_queues:95:5)
      ...
    1..2
not ok 1 - the whole procedure
  ---
  duration_ms: 235.558132
  type: 'suite'
  location: '/tmp/taptry/wdio/assert-first.test.mjs:5:1'
  failureType: 'subtestsFailed'
  error: '2 subtests failed'
  code: 'ERR_TEST_FAILURE'
  ...
1..1
# tests 2
# suites 1
# pass 0
# fail 2
# cancelled 0
# skipped 0
# todo 0
`;

/** Every test passes; one of them printed the crash words (console.log and console.error both arrive as `#` comments). */
const CRASH_WORDS_LOGGED_PASS = `
TAP version 13
# driver said earlier: session deleted because of page crash or hang
# Could not parse script (retried)
# Subtest: hardening
    # Subtest: refuses to navigate away from the app
    ok 1 - refuses to navigate away from the app
      ---
      duration_ms: 4.735112
      ...
    # Subtest: forbids eval under the content security policy
    ok 2 - forbids eval under the content security policy
      ---
      duration_ms: 1.349167
      ...
    1..2
ok 1 - hardening
  ---
  duration_ms: 7.938417
  type: 'suite'
  ...
1..1
# tests 2
# suites 1
# pass 2
# fail 0
# cancelled 0
# skipped 0
# todo 0
`;

/** A passing test printed the crash words; the failure is an assertion. */
const CRASH_WORDS_LOGGED_THEN_ASSERTION = `
TAP version 13
# tauri-driver: session deleted because of page crash or hang (previous session)
# Subtest: settings
    # Subtest: keeps the center name
    ok 1 - keeps the center name
      ---
      duration_ms: 2.460109
      ...
    # Subtest: saves the deadline policy
    not ok 2 - saves the deadline policy
      ---
      duration_ms: 20.8714
      location: '/tmp/taptry/wdio/log-then-assert.test.mjs:5:3'
      failureType: 'testCodeFailure'
      error: |-
        the policy saved
        + actual - expected
        
          {
        +   days: 15
        -   days: 30
          }
      code: 'ERR_ASSERTION'
      name: 'AssertionError'
      expected:
        days: 30
      actual:
        days: 15
      operator: 'deepStrictEqual'
      stack: |-
        TestContext.<anonymous> (file:///tmp/taptry/wdio/log-then-assert.test.mjs:5:50)
        Test.runInAsyncScope (node:async_hooks:206:9)
      ...
    1..2
not ok 1 - settings
  ---
  duration_ms: 29.544217
  type: 'suite'
  location: '/tmp/taptry/wdio/log-then-assert.test.mjs:3:1'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  code: 'ERR_TEST_FAILURE'
  ...
1..1
# tests 2
# suites 1
# pass 1
# fail 1
# cancelled 0
# skipped 0
# todo 0
`;

/** An assertion whose message quotes the crash words. */
const ASSERTION_QUOTING_CRASH = `
TAP version 13
# Subtest: shows no driver error
not ok 1 - shows no driver error
  ---
  duration_ms: 4.201337
  location: '/tmp/taptry/wdio/assert-quotes.test.mjs:3:1'
  failureType: 'testCodeFailure'
  error: |-
    The input was expected to not match the regular expression /page crash or hang/. Input:
    
    'Error: session deleted because of page crash or hang'
    
  code: 'ERR_ASSERTION'
  name: 'AssertionError'
  expected:
  actual: 'Error: session deleted because of page crash or hang'
  operator: 'doesNotMatch'
  stack: |-
    TestContext.<anonymous> (file:///tmp/taptry/wdio/assert-quotes.test.mjs:3:44)
    Test.runInAsyncScope (node:async_hooks:206:9)
  ...
1..1
# tests 1
# suites 0
# pass 0
# fail 1
# cancelled 0
# skipped 0
# todo 0
`;

/** A crash error thrown after its test ended: node prints it as a comment and fails the file as a whole ("test failed"). */
const STRAY_ERROR_AFTER_TEST = `
TAP version 13
# Subtest: leaves a stray throw
ok 1 - leaves a stray throw
  ---
  duration_ms: 2.085129
  ...
# Subtest: waits
ok 2 - waits
  ---
  duration_ms: 100.757732
  ...
# Error: Test "leaves a stray throw" at uncaught.test.mjs:2:1 generated asynchronous activity after the test ended. This activity created the error "Error: stray: session deleted because of page crash or hang" and would have caused the test to fail, but instead triggered an uncaughtException event.
# Subtest: /tmp/taptry/edge/uncaught.test.mjs
not ok 1 - /tmp/taptry/edge/uncaught.test.mjs
  ---
  duration_ms: 258.706991
  location: '/tmp/taptry/edge/uncaught.test.mjs:1:1'
  failureType: 'testCodeFailure'
  exitCode: 1
  signal: ~
  error: 'test failed'
  code: 'ERR_TEST_FAILURE'
  ...
1..3
# tests 3
# suites 0
# pass 2
# fail 1
# cancelled 0
# skipped 0
# todo 0
`;

/** A failing TODO test (does not fail the file), then a message holding both quote characters, which util.inspect quotes with backticks; `#` in names is written `\#`. */
const TODO_THEN_BACKTICKS = `
TAP version 13
# Subtest: known \\# flaky
not ok 1 - known \\# flaky # TODO
  ---
  duration_ms: 1.490029
  location: '/tmp/taptry/edge/todo.test.mjs:2:1'
  failureType: 'testCodeFailure'
  error: 'session deleted because of page crash or hang'
  code: 'ERR_TEST_FAILURE'
  stack: |-
    TestContext.<anonymous> (file:///tmp/taptry/edge/todo.test.mjs:2:51)
    Test.runInAsyncScope (node:async_hooks:206:9)
  ...
# Subtest: name with \\# TODO inside
not ok 2 - name with \\# TODO inside
  ---
  duration_ms: 0.218587
  location: '/tmp/taptry/edge/todo.test.mjs:3:1'
  failureType: 'testCodeFailure'
  error: \`it's "both" page crash or hang\`
  code: 'ERR_TEST_FAILURE'
  stack: |-
    TestContext.<anonymous> (file:///tmp/taptry/edge/todo.test.mjs:3:45)
    Test.runInAsyncScope (node:async_hooks:206:9)
  ...
1..2
# tests 2
# suites 0
# pass 0
# fail 1
# cancelled 0
# skipped 0
# todo 1
# duration_ms 225.173315
`;

const PANIC_LOG = [
  '[tauri-driver] listening on 127.0.0.1:4444',
  "thread 'main' panicked at src/lib.rs:88:14:",
  'called `Option::unwrap()` on a `None` value',
  'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
].join('\n');

describe('firstFailure', () => {
  it('is the first failing test, not the suite that reports it', () => {
    assert.deepEqual(firstFailure(CRASH_FIRST), {
      name: 'registers a complaint',
      failureType: 'testCodeFailure',
      error: 'WebDriverError: session deleted because of page crash or hang when running "execute/sync" with method "POST"',
      code: 'ERR_TEST_FAILURE',
    });
  });

  it('is the hook that failed, not the tests it cancelled', () => {
    const first = firstFailure(HOOK_CRASH);
    assert.equal(first.name, 'printing');
    assert.equal(first.failureType, 'hookFailed');
    assert.equal(first.error, 'WebDriverError: Could not parse element when running "element" with method "POST"');
  });

  it('reads a multi-line error block', () => {
    assert.deepEqual(firstFailure(ASSERTION_THEN_CRASH), {
      name: 'counts the open complaints',
      failureType: 'testCodeFailure',
      error: 'three open complaints\n\n2 !== 3',
      code: 'ERR_ASSERTION',
    });
  });

  it('is null when every test passed, whatever they printed', () => {
    assert.equal(firstFailure(CRASH_WORDS_LOGGED_PASS), null);
    assert.equal(firstFailure(''), null);
  });

  it('skips a failing TODO test and unquotes util.inspect quoting', () => {
    assert.deepEqual(firstFailure(TODO_THEN_BACKTICKS), {
      name: 'name with # TODO inside',
      failureType: 'testCodeFailure',
      error: 'it\'s "both" page crash or hang',
      code: 'ERR_TEST_FAILURE',
    });
  });

  it('is the file itself when it failed outside any test', () => {
    const first = firstFailure(STRAY_ERROR_AFTER_TEST);
    assert.equal(first.error, 'test failed');
    assert.equal(crashLine(first), null);
  });

  it('reads Windows line ends too', () => {
    assert.equal(firstFailure(CRASH_FIRST.replaceAll('\n', '\r\n')).name, 'registers a complaint');
  });
});

describe('shouldRerun', () => {
  it('reruns a file whose first failure is the page crashing under the driver', () => {
    assert.deepEqual(shouldRerun({ code: 1, output: CRASH_FIRST, driverLog: '' }), {
      rerun: true,
      test: 'registers a complaint',
      crash: 'WebDriverError: session deleted because of page crash or hang when running "execute/sync" with method "POST"',
      panic: [],
    });
  });

  it('reruns a file whose before hook lost the page ("Could not parse element")', () => {
    const decision = shouldRerun({ code: 1, output: HOOK_CRASH, driverLog: '' });
    assert.equal(decision.rerun, true);
    assert.match(decision.crash, /Could not parse element/);
  });

  it('does not rerun when an assertion failed first and the page crashed later', () => {
    assert.equal(shouldRerun({ code: 1, output: ASSERTION_THEN_CRASH, driverLog: '' }).rerun, false);
    assert.equal(shouldRerun({ code: 1, output: ASSERTION_THEN_CRASH, driverLog: '' }).crash, null);
  });

  it('does not rerun for crash words in a passing test\'s output', () => {
    assert.equal(shouldRerun({ code: 0, output: CRASH_WORDS_LOGGED_PASS, driverLog: '' }).rerun, false);
    // the same words printed, but the file failed on an assertion
    assert.equal(shouldRerun({ code: 1, output: CRASH_WORDS_LOGGED_THEN_ASSERTION, driverLog: '' }).rerun, false);
    // or on an error thrown outside its test
    assert.equal(shouldRerun({ code: 1, output: STRAY_ERROR_AFTER_TEST, driverLog: '' }).rerun, false);
  });

  it('does not rerun an assertion that quotes the crash words', () => {
    assert.equal(shouldRerun({ code: 1, output: ASSERTION_QUOTING_CRASH, driverLog: '' }).rerun, false);
  });

  it('does not rerun when the app panicked (driver log)', () => {
    const decision = shouldRerun({ code: 1, output: CRASH_FIRST, driverLog: PANIC_LOG });
    assert.equal(decision.rerun, false);
    assert.match(decision.crash, /page crash or hang/);
    assert.deepEqual(decision.panic, ["thread 'main' panicked at src/lib.rs:88:14:"]);
  });

  it('does not rerun a file stopped for its time limit (exit 124)', () => {
    assert.equal(shouldRerun({ code: 124, output: CRASH_FIRST, driverLog: '' }).rerun, false);
  });

  it('does not rerun a file that passed (exit 0)', () => {
    assert.equal(shouldRerun({ code: 0, output: CRASH_FIRST, driverLog: '' }).rerun, false);
    assert.equal(shouldRerun({ code: 0, output: '', driverLog: '' }).rerun, false);
  });

  it('does not rerun a failure it cannot read', () => {
    assert.equal(shouldRerun({ code: 1, output: 'session deleted because of page crash or hang', driverLog: '' }).rerun, false);
  });
});

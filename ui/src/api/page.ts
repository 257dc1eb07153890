import { stopListening } from './events';
import { openLoginInNewProcess, sessionState } from './session';

/** How long the page waits for its web process to end before it reloads itself. */
const PROCESS_END_MS = 3000;

/**
 * Opens the login page afresh after a logout: in a new web process where WebKitGTK allows
 * it (the backend ends this page's process and loads the login page in a new one), else
 * as a new page in this one. What the last user's screens left in WebKit's own memory
 * (BENCHMARKS.md, "Memory after a day's work") goes with the old page or process, and the
 * next user starts with nothing of the last one's. The page's event listeners are stopped
 * first (the backend would keep them), and one call answered after those stops shows
 * they have arrived. The address changes without a navigation, so no login page is shown
 * (and typed into) before the new one.
 */
export async function openLoginAfresh(): Promise<void> {
  stopListening();
  await sessionState().catch(() => {
    // The page is replaced either way.
  });
  window.history.replaceState(window.history.state, '', '#/login');
  const replaced = await openLoginInNewProcess().catch(() => false);
  if (replaced) {
    // This page ends with its process meanwhile; if it has not, it reloads.
    await new Promise((done) => setTimeout(done, PROCESS_END_MS));
  }
  window.location.reload();
}

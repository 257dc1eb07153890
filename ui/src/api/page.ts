import { stopListening } from './events';
import { sessionState } from './session';

/**
 * Opens the login page as a new page: what the last user's screens left in WebKit's own
 * memory (BENCHMARKS.md, "Memory after a day's work") goes with the old page, and the next
 * user starts with nothing of the last one's. The page's event listeners are stopped
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
  window.location.reload();
}

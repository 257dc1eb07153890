import { onBeforeUnmount, onMounted } from 'vue';
import { useSessionStore } from '@/stores/session';

/**
 * Ctrl+S (⌘S) saves and Esc clears, from anywhere on the screen; a form without `clear`
 * leaves Esc alone. Esc that closes an open dropdown, date picker or dialog, or that
 * cancels an input method's candidates, only does that: the form is left alone. A dialog
 * over the form (立即派发) or the lock screen keeps both keys to itself.
 */
export function useFormShortcuts(actions: { save: () => void; clear?: () => void }): void {
  const session = useSessionStore();

  function onKeydown(event: KeyboardEvent): void {
    // Esc and Enter belong to the input method while a pinyin candidate list is open.
    if (event.isComposing || event.keyCode === 229) return;
    if (session.locked) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (!event.repeat && !isDialogOpen()) actions.save();
      return;
    }
    if (actions.clear && event.key === 'Escape' && !event.defaultPrevented && !isOverlayOpen()) {
      actions.clear();
    }
  }

  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}

function isDialogOpen(): boolean {
  return Array.from(document.querySelectorAll('.el-overlay')).some((element) => element.getClientRects().length > 0);
}

// Element Plus keeps closed poppers in the DOM, hidden; an element with no layout boxes
// is not shown. Handlers run before Vue re-renders, so a popper that this very Esc is
// closing still counts as open here.
function isOverlayOpen(): boolean {
  return Array.from(document.querySelectorAll('.el-popper, .el-overlay')).some(
    (element) => element.getClientRects().length > 0,
  );
}

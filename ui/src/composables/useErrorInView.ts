import { nextTick, type Ref } from 'vue';

/**
 * A refused save on a long form: the clerk is at the save bar, the red fields may be far
 * above. `reveal(fields, fallback)` scrolls the first field with a message (in the page's
 * order: each input carries its field's name as its test id) to the middle of the screen
 * and puts the cursor in it; without one, it scrolls to `fallback` (the messages above
 * the form). Called after the messages are placed.
 */
export function useErrorInView(root: Ref<HTMLElement | undefined | null>) {
  return async function reveal(fields: readonly string[], fallback?: string): Promise<void> {
    await nextTick();
    const page = root.value;
    if (!page) return;
    const named = Array.from(page.querySelectorAll<HTMLElement>('[data-testid]')).find((element) =>
      fields.includes(element.dataset.testid ?? ''),
    );
    const target = named?.closest<HTMLElement>('.el-form-item') ?? (fallback ? page.querySelector(fallback) : null);
    target?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    if (named) focusable(named)?.focus({ preventScroll: true });
  };
}

const FOCUSABLE =
  'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element itself when it takes the cursor, else the first control inside it. */
function focusable(element: HTMLElement): HTMLElement | null {
  if (element.matches(FOCUSABLE)) return element;
  return element.querySelector<HTMLElement>(FOCUSABLE);
}

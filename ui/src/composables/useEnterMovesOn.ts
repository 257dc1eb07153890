/**
 * Enter in a single-line input moves to the next input of the form, as on paper forms
 * typed at a counter. Textareas keep Enter for new lines; selects and pickers keep it
 * to choose; an open input-method candidate list keeps it too.
 */
export function useEnterMovesOn(): (event: KeyboardEvent) => void {
  return function moveOn(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing || event.keyCode === 229) return;
    if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.type === 'radio' || target.type === 'checkbox') return;
    if (target.closest('.el-select, .el-date-editor')) return;
    const container = event.currentTarget;
    if (!(container instanceof HTMLElement)) return;
    event.preventDefault();
    const fields = typingFields(container);
    fields[fields.indexOf(target) + 1]?.focus();
  };
}

/** The inputs one types into, in tab order as laid out (radios and checkboxes left out). */
function typingFields(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('input, textarea')).filter(
    (element) =>
      !(element instanceof HTMLInputElement && ['radio', 'checkbox', 'hidden'].includes(element.type)) &&
      !(element as HTMLInputElement).disabled &&
      element.tabIndex >= 0 &&
      element.getClientRects().length > 0,
  );
}

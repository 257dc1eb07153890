// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { focusFirstRefused, refusedLabels } from './useCheckFieldsToast';

function form(html: string): HTMLElement {
  const root = document.createElement('form');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

const ITEMS = `
  <div class="el-form-item"><label class="el-form-item__label">领表人</label><input id="a" /></div>
  <div class="el-form-item is-error"><label class="el-form-item__label">处理结果</label><textarea id="b"></textarea></div>
  <div class="el-form-item is-error"><label class="el-form-item__label">原因</label><input id="c" /></div>`;

describe('a refused dialog or page', () => {
  it('names the red fields in order', () => {
    expect(refusedLabels(form(ITEMS))).toEqual(['处理结果', '原因']);
  });

  it('puts the cursor in the first red field', () => {
    const root = form(ITEMS);
    (root.querySelector('#a') as HTMLElement).focus();
    focusFirstRefused(root);
    expect(document.activeElement?.id).toBe('b');
  });

  it('leaves the cursor where it is when it is already in a red field', () => {
    const root = form(ITEMS);
    (root.querySelector('#c') as HTMLElement).focus();
    focusFirstRefused(root);
    expect(document.activeElement?.id).toBe('c');
  });
});

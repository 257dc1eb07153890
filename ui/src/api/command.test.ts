import { describe, expect, it } from 'vitest';
import { toCallError } from './command';

describe('toCallError', () => {
  it('passes a backend error through', () => {
    const error = { kind: 'validation', message: '输入有误', field: 'phone', fields: [] };
    expect(toCallError(error)).toBe(error);
  });

  it('wraps anything else as internal, keeping its text', () => {
    expect(toCallError('invalid args `input` for command `login`')).toEqual({
      kind: 'internal',
      message: 'invalid args `input` for command `login`',
      field: null,
      fields: [],
    });
    expect(toCallError(new TypeError('window.__TAURI_INTERNALS__ is undefined')).message).toBe(
      'window.__TAURI_INTERNALS__ is undefined',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { compactJson, formatBytes, truncate } from './safety';

describe('audit content', () => {
  it('compacts JSON and keeps other text', () => {
    expect(compactJson('{ "a": 1,\n "b": [1, 2] }')).toBe('{"a":1,"b":[1,2]}');
    expect(compactJson('not json')).toBe('not json');
    expect(compactJson(null)).toBe('');
  });

  it('truncates by characters, not bytes', () => {
    expect(truncate('投诉处理台', 10)).toBe('投诉处理台');
    expect(truncate('投诉处理台', 3)).toBe('投诉…');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});

import { describe, expect, it } from 'vitest';
import type { AnchorCheck } from '@/bindings/AnchorCheck';
import type { SealCheck } from '@/bindings/SealCheck';
import { compactJson, formatBytes, sealStatus, truncate } from './safety';

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

describe('seal status', () => {
  it('holds when the key and the anchor agree', () => {
    const installation = 'a1b2';
    expect(sealStatus({ kind: 'keyed', installation, anchor: { kind: 'holds' } })).toEqual({
      message: 'holds',
      params: {},
      tone: 'ok',
    });
  });

  it('is no fault for a file from before sealing', () => {
    expect(sealStatus({ kind: 'unsealed' }).tone).toBe('plain');
  });

  it('names each problem, with its numbers', () => {
    const keyed = (anchor: AnchorCheck): SealCheck => ({ kind: 'keyed', installation: 'a1b2', anchor });
    const cases: [SealCheck, string, Record<string, number>][] = [
      [{ kind: 'keyMissing', installation: 'a1b2' }, 'keyMissing', {}],
      [keyed({ kind: 'missing' }), 'anchorMissing', {}],
      [keyed({ kind: 'truncated', anchored: 40, found: 37 }), 'truncated', { anchored: 40, found: 37 }],
      [keyed({ kind: 'rewritten', entry: 12 }), 'rewritten', { entry: 12 }],
      [keyed({ kind: 'otherInstallation' }), 'otherInstallation', {}],
    ];
    for (const [seal, message, params] of cases) {
      expect(sealStatus(seal)).toEqual({ message, params, tone: 'broken' });
    }
  });
});

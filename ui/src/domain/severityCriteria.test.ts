import { describe, expect, it } from 'vitest';
import { suggestSeverity } from './severityCriteria';

describe('suggestSeverity', () => {
  it.each([
    [[], null],
    [['minor'], 'minor'],
    [['important'], 'important'],
    [['important', 'minor'], 'important'],
    [['majorB'], 'major'],
    [['minor', 'majorC', 'important'], 'major'],
  ] as const)('%j suggests %s', (ticked, expected) => {
    expect(suggestSeverity(ticked)).toBe(expected);
  });
});

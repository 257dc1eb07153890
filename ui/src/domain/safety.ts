import type { AnchorCheck } from '@/bindings/AnchorCheck';
import type { SealCheck } from '@/bindings/SealCheck';

/** JSON on one line, without spaces after separators; text that is not JSON as it is. */
export function compactJson(value: string | null): string {
  if (value === null) return '';
  try {
    return JSON.stringify(JSON.parse(value));
  } catch {
    return value;
  }
}

/** At most `max` characters, the cut marked with '…'. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** 2048 → "2.0 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** How a row of the database check is shown: consistent, neither (plain), or a problem (red). */
export type CheckTone = 'ok' | 'plain' | 'broken';

/** The seal row of the database check: a message of `safety.check.seal.*` and its tone. */
export type SealStatus = { message: string; params: Record<string, number>; tone: CheckTone };

/**
 * What the installation's key and the anchor say about a file, as a message key. A file
 * from before sealing is not a fault (it is sealed when opened); everything else that
 * does not hold is.
 */
export function sealStatus(seal: SealCheck): SealStatus {
  switch (seal.kind) {
    case 'unsealed':
      return { message: 'unsealed', params: {}, tone: 'plain' };
    case 'keyMissing':
      return { message: 'keyMissing', params: {}, tone: 'broken' };
    case 'keyed':
      return anchorStatus(seal.anchor);
  }
}

function anchorStatus(anchor: AnchorCheck): SealStatus {
  switch (anchor.kind) {
    case 'holds':
      return { message: 'holds', params: {}, tone: 'ok' };
    case 'missing':
      return { message: 'anchorMissing', params: {}, tone: 'broken' };
    case 'truncated':
      return { message: 'truncated', params: { anchored: anchor.anchored, found: anchor.found }, tone: 'broken' };
    case 'rewritten':
      return { message: 'rewritten', params: { entry: anchor.entry }, tone: 'broken' };
    case 'otherInstallation':
      return { message: 'otherInstallation', params: {}, tone: 'broken' };
  }
}

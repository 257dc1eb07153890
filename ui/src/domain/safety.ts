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

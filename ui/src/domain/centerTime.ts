// The backend sends RFC 3339 times already in the service center's offset, so they are
// shown as written: converting to the machine's own zone could shift the day.
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/;

/** "2026-11-28T18:30:00+08:00" → "2026-11-28 18:30". Unknown shapes are shown unchanged. */
export function formatCenterTime(value: string | null): string {
  if (value === null) return '';
  const match = RFC3339.exec(value);
  return match ? `${match[1]} ${match[2]}` : value;
}

/** What the datetime pickers produce and the backend reads, in the center's local time. */
export const DATETIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** What the date-range filter produces. */
export const DATE_FORMAT = 'YYYY-MM-DD';

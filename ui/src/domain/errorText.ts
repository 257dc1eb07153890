import type { CallError } from '@/api/command';
import type { AppLocale } from '@/locales';

/** Anything the backend words in both languages: an error, one of its fields, a duty failure. */
export type Bilingual = { message: string; messageEn?: string };

/**
 * The backend's text in the window's language: `messageEn` in en-US, `message` (Chinese)
 * otherwise. An English text that is missing or empty falls back to the Chinese one, so a
 * message is never lost.
 */
export function pickMessage(text: Bilingual, locale: AppLocale): string {
  return locale === 'en-US' && typeof text.messageEn === 'string' && text.messageEn !== ''
    ? text.messageEn
    : text.message;
}

const CLOCK = /^\d{4}-\d{2}-\d{2}[T ](\d{2}:\d{2})/;

/**
 * "2026-11-28T14:35:00+08:00" → "14:35": the wall clock of the service center, as the
 * backend wrote it (never converted to the machine's zone); null for a missing or unknown
 * shape.
 */
export function clockTime(value: string | null): string | null {
  if (value === null) return null;
  return CLOCK.exec(value)?.[1] ?? null;
}

/**
 * The sentence to show for a refusal. A locked account is worded by the UI, from `until`,
 * in the window's language (`lockedUntil` gives the locale's sentence for a time); every
 * other kind shows the backend's message in that language.
 */
export function errorText(error: CallError, locale: AppLocale, lockedUntil: (time: string) => string): string {
  if (error.kind === 'accountLocked') {
    const time = clockTime(error.until);
    if (time !== null) return lockedUntil(time);
  }
  return pickMessage(error, locale);
}

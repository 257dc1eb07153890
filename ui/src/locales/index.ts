import 'dayjs/locale/zh-cn';
import en from 'element-plus/es/locale/lang/en';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { createI18n } from 'vue-i18n';
import enUS from './en-US';
import zhCN, { type MessageSchema } from './zh-CN';

export type AppLocale = 'zh-CN' | 'en-US';

export const APP_LOCALES: readonly AppLocale[] = ['zh-CN', 'en-US'];

const STORAGE_KEY = 'complaintdesk.locale';

function isAppLocale(value: unknown): value is AppLocale {
  return APP_LOCALES.includes(value as AppLocale);
}

function storedLocale(): AppLocale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isAppLocale(value) ? value : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
});

export function currentLocale(): AppLocale {
  return i18n.global.locale.value;
}

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // A webview without storage still switches for this session.
  }
}

export const ELEMENT_LOCALES = { 'zh-CN': zhCn, 'en-US': en } as const;

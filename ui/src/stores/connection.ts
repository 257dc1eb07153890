import { ElMessage } from 'element-plus';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { appStatus } from '@/api/app';
import { setOfflineHandler } from '@/api/command';
import { i18n } from '@/locales';

/** How often the window asks again whether the center's server answers. */
export const RECONNECT_EVERY_MS = 3000;

/**
 * Whether the desk has lost its connection to the center's server. Any command refused as
 * `offline` (nothing of it was saved) sets it; the screens keep what they show, under a
 * banner. Meanwhile a cheap command is tried every few seconds (the backend connects again
 * by itself on the next call): the first that succeeds ends it, says so, and bumps
 * `reconnections`, on which the screens that follow `complaints-changed` read again.
 */
export const useConnectionStore = defineStore('connection', () => {
  const offline = ref(false);
  /** How many times the connection came back: watched by `useComplaintsChanged`. */
  const reconnections = ref(0);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function tryLater(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void tryAgain(), RECONNECT_EVERY_MS);
  }

  async function tryAgain(): Promise<void> {
    timer = undefined;
    try {
      await appStatus();
    } catch {
      // Still lost (or refused otherwise): the next try in a few seconds.
      if (offline.value) tryLater();
      return;
    }
    if (!offline.value) return;
    offline.value = false;
    ElMessage.success({ message: i18n.global.t('offline.reconnected'), grouping: true });
    reconnections.value++;
  }

  /** A command was refused as `offline`: the banner shows until the server answers again. */
  function lost(): void {
    if (offline.value) return;
    offline.value = true;
    tryLater();
  }

  /** Stops trying (the tests, between cases). */
  function reset(): void {
    clearTimeout(timer);
    timer = undefined;
    offline.value = false;
  }

  // Whichever screen made the call, the whole window goes offline.
  setOfflineHandler(lost);

  return { offline, reconnections, lost, reset };
});

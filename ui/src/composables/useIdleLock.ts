import { onBeforeUnmount, onMounted, watch } from 'vue';
import { keepAlive } from '@/api/session';
import { IdleWatch } from '@/domain/idleWatch';
import { useSessionStore } from '@/stores/session';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 5_000;

/**
 * Locks the desk after the configured idle minutes without keyboard or mouse, and tells
 * the backend (at most every 30 s) that someone is still typing, so that its own idle
 * lock does not catch a receptionist in the middle of a long form. Refreshes and other
 * background calls do not count as activity here.
 */
export function useIdleLock(): void {
  const session = useSessionStore();
  const idle = new IdleWatch(performance.now());
  let timer: ReturnType<typeof setInterval> | undefined;

  function onActivity(): void {
    if (session.locked || session.user === null) return;
    // A refusal because the backend already locked is turned into the lock screen by `call`.
    if (idle.activity(performance.now())) keepAlive().catch(() => {});
  }

  function check(): void {
    if (session.locked || session.user === null) return;
    if (idle.isIdle(performance.now(), session.idleLockMinutes)) void session.lock();
  }

  // Unlocking or a new login starts the idle time afresh.
  watch(
    () => [session.locked, session.user?.id] as const,
    ([locked]) => {
      if (!locked) idle.restart(performance.now());
    },
  );

  onMounted(() => {
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    timer = setInterval(check, CHECK_EVERY_MS);
  });

  onBeforeUnmount(() => {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    clearInterval(timer);
  });
}

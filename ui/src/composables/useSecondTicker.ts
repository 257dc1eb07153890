import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * The UI's monotonic clock (`performance.now()`), updated every second while the
 * component is mounted: what live countdowns re-render on. It never calls the backend.
 */
export function useSecondTicker(): Ref<number> {
  const now = ref(performance.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => {
      now.value = performance.now();
    }, 1000);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

import { useI18n } from 'vue-i18n';
import type { EventData } from '@/bindings/EventData';
import { formatInZone } from '@/domain/centerTime';
import { describeEvent, type EventText } from '@/domain/eventText';
import { useReferenceStore } from '@/stores/reference';
import { useSessionStore } from '@/stores/session';

/** An event in words, in the window's language, as the timeline writes it. */
export function useEventText(): (event: EventData) => EventText {
  const { t } = useI18n();
  const reference = useReferenceStore();
  const session = useSessionStore();

  const departmentName = (id: number) =>
    reference.departments.find((department) => department.id === id)?.name ?? `#${id}`;
  const categoryName = (id: number) => reference.categories.find((category) => category.id === id)?.name ?? `#${id}`;

  return (event) =>
    describeEvent(event, (key, named) => t(key, named ?? {}), {
      departmentName,
      categoryName,
      localTime: (instant) => formatInZone(instant, session.status?.timeZone ?? 'Asia/Shanghai'),
    });
}

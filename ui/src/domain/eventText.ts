import type { EventData } from '@/bindings/EventData';
import { humanSize } from './attachments';
import { describeChange } from './correctionText';

/** vue-i18n's `t` with named values, as much of it as this file needs. */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** One timeline line: what happened, then what was recorded with it. */
export type EventText = { summary: string; details: string[] };

/** What an event refers to by id or instant, as the screen shows it. */
export type EventContext = {
  /** The department a dispatch went to (kept by id: a renamed one reads by its current name). */
  departmentName: (id: number) => string;
  /** A category a correction names, by id like departments. */
  categoryName: (id: number) => string;
  /** An instant recorded in the event (stored in UTC), in the center's local time. */
  localTime: (instant: string) => string;
};

/** Puts an event into words. */
export function describeEvent(event: EventData, t: Translate, context: EventContext): EventText {
  const { departmentName, localTime } = context;
  // Entered for someone else: who did it and when, apart from who typed it.
  const doneFor = (done: { doneBy?: { name: string } | null; doneAt?: string | null }) =>
    done.doneBy || done.doneAt
      ? [
          t('timeline.doneFor', {
            name: done.doneBy?.name ?? '',
            at: done.doneAt ? localTime(done.doneAt) : '',
          }),
        ]
      : [];
  const line = (key: string, named?: Record<string, unknown>): EventText => ({ summary: t(key, named), details: [] });
  const labelled = (label: string, value: string | null) =>
    value === null || value === '' ? [] : [t('timeline.labelled', { label: t(`timeline.labels.${label}`), value })];

  switch (event.kind) {
    case 'registered':
      // 补录: the entry stands at the paper's received time; when it was typed in is said.
      return event.backfilledAt
        ? line('timeline.registeredFromPaper', { time: localTime(event.backfilledAt) })
        : line('timeline.registered');
    case 'dispatched':
      return line('timeline.dispatched', {
        department: departmentName(event.departmentId),
        recipient: event.recipient,
      });
    case 'dispatchReturned':
      return { ...line('timeline.dispatchReturned'), details: labelled('reason', event.reason) };
    case 'forwarded': {
      const role = t(`enums.role.${event.toRole}`);
      return event.toName
        ? line('timeline.forwardedNamed', { role, name: event.toName })
        : line('timeline.forwarded', { role });
    }
    case 'handlingNote':
      return { ...line('timeline.handlingNote'), details: [event.note] };
    case 'waitStarted':
      return { ...line('timeline.waitStarted'), details: labelled('reason', event.reason) };
    case 'waitEnded':
      return line('timeline.waitEnded');
    case 'handled':
      return { ...line('timeline.handled'), details: labelled('result', event.result) };
    case 'formReturned':
      return line('timeline.formReturned');
    case 'signedOff':
      return event.approved
        ? { ...line('timeline.signOffApproved'), details: labelled('comment', event.comment) }
        : { ...line('timeline.signOffRejected'), details: labelled('rejectReason', event.comment) };
    case 'residentNotified':
      return {
        ...line('timeline.residentNotified', { method: t(`enums.notifyMethod.${event.method}`) }),
        details: [...labelled('response', event.response), ...doneFor(event)],
      };
    case 'calledBack': {
      const method = t(`enums.callbackMethod.${event.method}`);
      if (!event.reached)
        return {
          ...line('timeline.calledBackUnreached', { method }),
          details: [...labelled('remarks', event.remarks), ...doneFor(event)],
        };
      const answer = (value: string | null) => (value === null ? '—' : t(`enums.satisfaction.${value}`));
      const exclusion =
        event.exclusion === null
          ? []
          : [
              t('timeline.excluded', {
                exclusion: t(`enums.exclusion.${event.exclusion}`),
                reason: event.exclusionReason ?? '',
              }),
            ];
      return {
        summary: t('timeline.calledBack', {
          method,
          attitude: answer(event.attitude),
          conduct: answer(event.conduct),
          result: answer(event.result),
        }),
        details: [...labelled('remarks', event.remarks), ...exclusion, ...doneFor(event)],
      };
    }
    case 'reopened':
      return { ...line('timeline.reopened'), details: labelled('reason', event.reason) };
    case 'extensionRequested':
      return {
        ...line('timeline.extensionRequested', { deadline: localTime(event.newDeadline) }),
        details: labelled('reason', event.reason),
      };
    case 'extensionDecided':
      return {
        ...(event.approved
          ? line('timeline.extensionApproved', { deadline: localTime(event.newDeadline) })
          : line('timeline.extensionRefused')),
        details: labelled('opinion', event.reason),
      };
    case 'nextReplyPromised':
      return {
        ...line('timeline.nextReplyPromised', { date: event.promisedOn }),
        details: labelled('said', event.said),
      };
    case 'correctiveRecorded':
      return {
        ...line('timeline.correctiveRecorded'),
        details: [
          ...labelled('cause', event.cause),
          ...labelled('correctiveAction', event.correctiveAction),
          ...labelled('preventiveAction', event.preventiveAction),
          ...labelled('verifiedBy', event.verifiedBy),
          ...labelled('verifiedOn', event.verifiedOn),
        ],
      };
    case 'voided':
      return { ...line('timeline.voided'), details: labelled('reason', event.reason) };
    case 'archived':
      return line('timeline.archived');
    case 'severityReviewed':
      return {
        ...line('timeline.severityReviewed', {
          from: t(`enums.severity.${event.from}`),
          to: t(`enums.severity.${event.to}`),
        }),
        details: labelled('reason', event.reason),
      };
    case 'corrected':
      return {
        ...line('timeline.corrected'),
        details: [
          ...event.changes.map((change) => describeChange(change, t, context)),
          ...labelled('reason', event.reason),
        ],
      };
    case 'severityRaised':
      return {
        ...line('timeline.severityRaised', {
          from: t(`enums.severity.${event.from}`),
          to: t(`enums.severity.${event.to}`),
        }),
        details: labelled('reason', event.reason),
      };
    case 'attached':
      return line('timeline.attached', { name: event.name, size: humanSize(event.size) });
    case 'attachmentRemoved':
      return line('timeline.attachmentRemoved', { name: event.name, reason: event.reason });
    case 'urged':
      return line('timeline.urged', { deadline: localTime(event.dueAt), days: event.daysLate });
    default:
      return unknownEvent(event);
  }
}

// Every kind is handled above; a kind added to the bindings fails the typecheck here.
function unknownEvent(event: never): EventText {
  return { summary: String((event as { kind: string }).kind), details: [] };
}

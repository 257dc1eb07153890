import { beforeEach, describe, expect, it } from 'vitest';
import type { EventData } from '@/bindings/EventData';
import { i18n, type AppLocale } from '@/locales';
import { formatInZone } from './centerTime';
import { describeEvent } from './eventText';

// The node environment has no document for setLocale; the locale is set directly.
const setLocale = (locale: AppLocale) => {
  i18n.global.locale.value = locale;
};
const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {});
const context = {
  departmentName: (id: number) => (id === 1 ? '工程维修部' : `#${id}`),
  categoryName: (id: number) => (id === 2 ? '维修' : `#${id}`),
  localTime: (instant: string) => formatInZone(instant, 'Asia/Shanghai'),
};
const describe_ = (event: EventData) => describeEvent(event, t, context);

describe('describeEvent', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('says where a form was dispatched and who took it', () => {
    expect(describe_({ kind: 'dispatched', departmentId: 1, recipient: '吴涛' }).summary).toBe(
      '派发至工程维修部，领表人 吴涛',
    );
  });

  it('names the role a complaint was forwarded to', () => {
    expect(describe_({ kind: 'forwarded', toRole: 'manager', toName: null }).summary).toBe('转呈管理处主管经理');
    expect(describe_({ kind: 'forwarded', toRole: 'generalManager', toName: '赵总' }).summary).toBe(
      '转呈公司总经理 赵总',
    );
  });

  it('tells an approved sign-off from a rejected one, with its comment', () => {
    expect(describe_({ kind: 'signedOff', approved: false, comment: '整改不到位' })).toEqual({
      summary: '签批退回，重新处理',
      details: ['退回原因：整改不到位'],
    });
    expect(describe_({ kind: 'signedOff', approved: true, comment: '同意' }).summary).toBe('签批同意');
  });

  it('lists the three callback answers and an exclusion', () => {
    const text = describe_({
      kind: 'calledBack',
      reached: true,
      method: 'phone',
      attitude: 'satisfied',
      conduct: 'fair',
      result: 'dissatisfied',
      remarks: '仍有渗水',
      exclusion: 'unreasonableDemand',
      exclusionReason: '要求赔偿全屋装修',
    });
    expect(text.summary).toBe('电话回访：服务态度 满意，工作作风 基本满意，处理结果 不满意');
    expect(text.details).toEqual(['备注：仍有渗水', '不计入满意率（要求不合理）：要求赔偿全屋装修']);
  });

  it('lists each corrected field, before and after, then the reason', () => {
    expect(
      describe_({
        kind: 'corrected',
        changes: [
          { field: 'phone', before: '13800138000', after: '13900139000' },
          { field: 'accusedPerson', before: null, after: '李师傅' },
        ],
        reason: '住户来电告知电话记错',
      }),
    ).toEqual({
      summary: '更正',
      details: ['联系电话：13800138000 → 13900139000', '被投诉人：（空） → 李师傅', '原因：住户来电告知电话记错'],
    });
  });

  it('says when a paper form registered by hand was typed in (补录)', () => {
    const backfilled: EventData = { kind: 'registered', backfilledAt: '2026-11-30T02:05:00Z' };
    expect(describe_(backfilled)).toEqual({
      summary: '【补录】纸质意见表登记，于 2026-11-30 10:05 录入系统',
      details: [],
    });
    expect(describe_({ kind: 'registered' }).summary).toBe('登记投诉');
    setLocale('en-US');
    expect(describe_(backfilled).summary).toBe('[Backfilled] Registered on a paper form, typed in at 2026-11-30 10:05');
  });

  it('names an attached file with its size, and a removed one with the reason', () => {
    const sha256 = 'ab'.repeat(32);
    const attached: EventData = {
      kind: 'attached',
      attachmentId: 1,
      sha256,
      name: '天花板渗水.jpg',
      fileKind: 'jpeg',
      size: 860_000,
      stepEventId: null,
    };
    const removed: EventData = {
      kind: 'attachmentRemoved',
      attachmentId: 1,
      sha256,
      name: '天花板渗水.jpg',
      reason: '拍错了房间',
    };
    expect(describe_(attached)).toEqual({ summary: '添加附件：天花板渗水.jpg（840 KB）', details: [] });
    expect(describe_({ ...attached, size: 3 * 1024 * 1024 + 100_000 } as EventData).summary).toBe(
      '添加附件：天花板渗水.jpg（3.1 MB）',
    );
    expect(describe_(removed)).toEqual({ summary: '移除附件：天花板渗水.jpg，原因：拍错了房间', details: [] });
    setLocale('en-US');
    expect(describe_(attached).summary).toBe('Attachment added: 天花板渗水.jpg (840 KB)');
    expect(describe_(removed).summary).toBe('Attachment removed: 天花板渗水.jpg, reason: 拍错了房间');
  });

  it('reads in English too', () => {
    setLocale('en-US');
    expect(describe_({ kind: 'dispatched', departmentId: 1, recipient: 'Wu Tao' }).summary).toBe(
      'Dispatched to 工程维修部, form taken by Wu Tao',
    );
  });

  it('has words for every kind', () => {
    const events: EventData[] = [
      { kind: 'registered' },
      { kind: 'dispatchReturned', reason: 'r' },
      { kind: 'handlingNote', note: 'n' },
      { kind: 'waitStarted', reason: 'r' },
      { kind: 'waitEnded' },
      { kind: 'handled', result: 'r' },
      { kind: 'formReturned' },
      { kind: 'residentNotified', method: 'inPerson', response: '' },
      { kind: 'reopened', reason: 'r' },
      { kind: 'extensionRequested', newDeadline: '2026-12-01T18:00:00+08:00', reason: 'r' },
      { kind: 'extensionDecided', approved: true, newDeadline: '2026-12-01T10:00:00Z', reason: 'r' },
      { kind: 'nextReplyPromised', promisedOn: '2026-12-02', said: '' },
      {
        kind: 'correctiveRecorded',
        cause: 'c',
        correctiveAction: 'a',
        preventiveAction: 'p',
        verifiedBy: 'v',
        verifiedOn: null,
      },
      { kind: 'voided', reason: 'r' },
      { kind: 'archived' },
      { kind: 'severityRaised', from: 'minor', to: 'major', reason: 'r' },
      { kind: 'corrected', changes: [{ field: 'room', before: '1', after: '2' }], reason: 'r' },
      { kind: 'attached', attachmentId: 1, sha256: 'h', name: 'a.pdf', fileKind: 'pdf', size: 1, stepEventId: 3 },
      { kind: 'attachmentRemoved', attachmentId: 1, sha256: 'h', name: 'a.pdf', reason: 'r' },
      { kind: 'urged', dueAt: '2026-11-30T02:00:00Z', daysLate: 2 },
    ];
    for (const locale of ['zh-CN', 'en-US'] as const) {
      setLocale(locale);
      for (const event of events) {
        const { summary } = describe_(event);
        expect(summary, event.kind).not.toMatch(/timeline\.|enums\./);
        expect(summary.length, event.kind).toBeGreaterThan(1);
      }
    }
    setLocale('zh-CN');
    expect(describe_(events[10]!).summary).toBe('批准延期至 2026-12-01 18:00');
    expect(describe_(events[15]!).summary).toBe('投诉等级由轻微升为重大');
    expect(describe_(events[events.length - 1]!).summary).toBe(
      '催办：处理期限 2026-11-30 10:00 已逾期 2 天，已发《催办通知单》',
    );
  });
});

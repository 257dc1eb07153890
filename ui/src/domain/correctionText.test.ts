import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, type AppLocale } from '@/locales';
import { changeValue, describeChange } from './correctionText';

// The node environment has no document for setLocale; the locale is set directly.
const setLocale = (locale: AppLocale) => {
  i18n.global.locale.value = locale;
};
const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {});
const context = {
  departmentName: (id: number) => (id === 1 ? '工程维修部' : `#${id}`),
  categoryName: (id: number) => (id === 2 ? '维修' : `#${id}`),
};
const value = (field: string, recorded: string | null) => changeValue(field, recorded, t, context);

describe('changeValue', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('shows text and times as recorded', () => {
    expect(value('phone', '13800138000')).toBe('13800138000');
    expect(value('receivedAt', '2026-11-30 08:45')).toBe('2026-11-30 08:45');
  });

  it('names choices by their labels', () => {
    expect(value('channel', 'phone')).toBe('来电');
    expect(value('contactMethod', 'any')).toBe('均可');
    expect(value('severity', 'important')).toBe('重要');
  });

  it('names departments and categories by id', () => {
    expect(value('departmentId', '1')).toBe('工程维修部');
    expect(value('categoryId', '2')).toBe('维修');
  });

  it('says yes or no, and valid or invalid', () => {
    expect(value('ongoingHarm', 'true')).toBe('是');
    expect(value('ongoingHarm', 'false')).toBe('否');
    expect(value('valid', 'true')).toBe('有效');
    expect(value('valid', 'false')).toBe('无效');
    expect(value('confidential', 'true')).toBe('是');
  });

  it('marks an empty field', () => {
    expect(value('accusedPerson', null)).toBe('（空）');
    expect(value('occurredAt', null)).toBe('（空）');
  });

  it('reads in English too', () => {
    setLocale('en-US');
    expect(value('severity', 'major')).toBe('Major');
    expect(value('ongoingHarm', 'true')).toBe('Yes');
    expect(value('location', null)).toBe('(empty)');
  });
});

describe('describeChange', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('labels the field as the form does', () => {
    expect(describeChange({ field: 'room', before: '3-2-1201', after: '3-2-1202' }, t, context)).toBe(
      '房号：3-2-1201 → 3-2-1202',
    );
    expect(describeChange({ field: 'departmentId', before: '1', after: '3' }, t, context)).toBe(
      '被投诉部门：工程维修部 → #3',
    );
  });

  it('reads in English too', () => {
    setLocale('en-US');
    expect(describeChange({ field: 'channel', before: 'visit', after: 'phone' }, t, context)).toBe(
      'Channel: Visit → Phone',
    );
  });
});

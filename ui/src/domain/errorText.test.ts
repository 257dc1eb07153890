import { describe, expect, it } from 'vitest';
import type { CommandError } from '@/bindings/CommandError';
import { clockTime, errorText, pickMessage } from './errorText';

function refusal(error: Partial<CommandError> & Pick<CommandError, 'kind'>): CommandError {
  return { message: '', messageEn: '', field: null, fields: [], until: null, ...error };
}

const lockedUntil = (time: string) => `locked until ${time}`;

describe('pickMessage', () => {
  const conflict = refusal({
    kind: 'conflict',
    message: '该投诉已被其他终端更新，请刷新后重试',
    messageEn: 'Another desk has updated this complaint: refresh and try again',
  });

  it('gives the Chinese message in zh-CN', () => {
    expect(pickMessage(conflict, 'zh-CN')).toBe('该投诉已被其他终端更新，请刷新后重试');
  });

  it('gives the English message in en-US', () => {
    expect(pickMessage(conflict, 'en-US')).toBe('Another desk has updated this complaint: refresh and try again');
  });

  it('picks a field message the same way', () => {
    const field = { field: 'phone', message: '联系电话格式不正确', messageEn: 'Phone is not a valid number' };
    expect(pickMessage(field, 'zh-CN')).toBe('联系电话格式不正确');
    expect(pickMessage(field, 'en-US')).toBe('Phone is not a valid number');
  });

  it('falls back to Chinese when the English text is empty or missing', () => {
    expect(pickMessage({ message: '磁盘已满', messageEn: '' }, 'en-US')).toBe('磁盘已满');
    expect(pickMessage({ message: '磁盘已满' }, 'en-US')).toBe('磁盘已满');
  });
});

describe('clockTime', () => {
  it.each([
    ['2026-11-28T14:35:00+08:00', '14:35'],
    ['2026-11-28T09:05:59.123+08:00', '09:05'],
    ['2026-11-28 23:59:00', '23:59'],
  ])('%s → %s', (value, expected) => {
    expect(clockTime(value)).toBe(expected);
  });

  it('knows no time for a missing or unknown value', () => {
    expect(clockTime(null)).toBeNull();
    expect(clockTime('soon')).toBeNull();
  });
});

describe('errorText', () => {
  it('words a locked account from its time, in the locale’s sentence', () => {
    const locked = refusal({
      kind: 'accountLocked',
      message: '密码错误次数过多，账号已暂时锁定，请于 06:35 后再试',
      messageEn: 'Too many wrong passwords: the account is locked until 06:35',
      until: '2026-11-28T14:35:00+08:00',
    });
    expect(errorText(locked, 'zh-CN', lockedUntil)).toBe('locked until 14:35');
    expect(errorText(locked, 'en-US', lockedUntil)).toBe('locked until 14:35');
  });

  it('keeps the backend’s sentence for a locked account without a readable time', () => {
    const locked = refusal({ kind: 'accountLocked', message: '账号已暂时锁定', messageEn: 'Account locked' });
    expect(errorText(locked, 'zh-CN', lockedUntil)).toBe('账号已暂时锁定');
    expect(errorText(locked, 'en-US', lockedUntil)).toBe('Account locked');
  });

  it('gives every other kind its message in the locale', () => {
    const wrong = refusal({
      kind: 'wrongPassword',
      message: '用户名或密码错误',
      messageEn: 'Wrong user name or password',
    });
    expect(errorText(wrong, 'zh-CN', lockedUntil)).toBe('用户名或密码错误');
    expect(errorText(wrong, 'en-US', lockedUntil)).toBe('Wrong user name or password');
  });
});

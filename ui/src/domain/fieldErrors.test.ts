import { describe, expect, it } from 'vitest';
import type { CommandError } from '@/bindings/CommandError';
import { placeErrors } from './fieldErrors';

const FORM = ['residentName', 'phone', 'departmentId'];
const KIND = '填写的内容有误';

function refusal(error: Partial<CommandError> & Pick<CommandError, 'kind' | 'message'>): CommandError {
  return { messageEn: '', field: null, fields: [], until: null, ...error };
}

function validation(fields: CommandError['fields']): CommandError {
  return { kind: 'validation', message: '输入有误', messageEn: 'Invalid input', field: null, fields, until: null };
}

describe('placeErrors', () => {
  it('puts each field error under its prop, in the chosen language', () => {
    const error = validation([
      { field: 'residentName', message: '请填写住户姓名', messageEn: 'Enter the resident name' },
      { field: 'departmentId', message: '请选择被投诉部门', messageEn: 'Choose a department' },
    ]);
    expect(placeErrors(error, 'zh-CN', FORM, KIND)).toEqual({
      byField: { residentName: '请填写住户姓名', departmentId: '请选择被投诉部门' },
      unplaced: [],
    });
    expect(placeErrors(error, 'en-US', FORM, KIND).byField).toEqual({
      residentName: 'Enter the resident name',
      departmentId: 'Choose a department',
    });
  });

  it('joins several messages for one field', () => {
    const error = validation([
      { field: 'phone', message: '电话不能为空', messageEn: 'Phone is empty' },
      { field: 'phone', message: '电话格式不对', messageEn: 'Phone is malformed' },
    ]);
    expect(placeErrors(error, 'zh-CN', FORM, KIND).byField.phone).toBe('电话不能为空；电话格式不对');
    expect(placeErrors(error, 'en-US', FORM, KIND).byField.phone).toBe('Phone is empty; Phone is malformed');
  });

  it('falls back to the Chinese message when the English one is empty', () => {
    const error = validation([{ field: 'phone', message: '电话格式不对', messageEn: '' }]);
    expect(placeErrors(error, 'en-US', FORM, KIND).byField.phone).toBe('电话格式不对');
  });

  it('keeps messages for fields the form does not show', () => {
    const error = validation([
      { field: 'caseNo', message: '编号冲突', messageEn: 'Case number clash' },
      { field: 'phone', message: '电话格式不对', messageEn: 'Phone is malformed' },
    ]);
    expect(placeErrors(error, 'zh-CN', FORM, KIND)).toEqual({
      byField: { phone: '电话格式不对' },
      unplaced: ['编号冲突'],
    });
  });

  it('uses the top-level field when the list is empty', () => {
    const single = refusal({
      kind: 'validation',
      message: '电话格式不对',
      messageEn: 'Phone is malformed',
      field: 'phone',
    });
    expect(placeErrors(single, 'zh-CN', FORM, KIND).byField).toEqual({ phone: '电话格式不对' });
    expect(placeErrors(single, 'en-US', FORM, KIND).byField).toEqual({ phone: 'Phone is malformed' });

    const general = refusal({ kind: 'storage', message: '磁盘已满', messageEn: 'The disk is full' });
    expect(placeErrors(general, 'zh-CN', FORM, KIND)).toEqual({ byField: {}, unplaced: ['磁盘已满'] });
    expect(placeErrors(general, 'en-US', FORM, KIND)).toEqual({ byField: {}, unplaced: ['The disk is full'] });
  });

  it('shows the sentence it is given for an error without fields', () => {
    const locked = refusal({ kind: 'accountLocked', message: '账号已锁定', until: '2026-11-28T14:35:00+08:00' });
    expect(placeErrors(locked, 'zh-CN', FORM, KIND, '请于 14:35 后再试').unplaced).toEqual(['请于 14:35 后再试']);
  });

  it('names the kind of error when the backend sent no text', () => {
    const silent = refusal({ kind: 'notPermitted', message: '' });
    expect(placeErrors(silent, 'zh-CN', FORM, '没有权限')).toEqual({ byField: {}, unplaced: ['没有权限'] });
    expect(placeErrors(silent, 'en-US', FORM, 'Not permitted')).toEqual({ byField: {}, unplaced: ['Not permitted'] });
  });
});

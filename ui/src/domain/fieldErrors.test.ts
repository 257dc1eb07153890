import { describe, expect, it } from 'vitest';
import type { CommandError } from '@/bindings/CommandError';
import { placeErrors } from './fieldErrors';

const FORM = ['residentName', 'phone', 'departmentId'];
const KIND = '填写的内容有误';

function validation(fields: CommandError['fields']): CommandError {
  return { kind: 'validation', message: '输入有误', field: null, fields };
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
    const single: CommandError = { kind: 'validation', message: '电话格式不对', field: 'phone', fields: [] };
    expect(placeErrors(single, 'zh-CN', FORM, KIND).byField).toEqual({ phone: '电话格式不对' });

    const general: CommandError = { kind: 'storage', message: '磁盘已满', field: null, fields: [] };
    expect(placeErrors(general, 'zh-CN', FORM, KIND)).toEqual({ byField: {}, unplaced: ['磁盘已满'] });
  });

  it('names the kind of error when the backend sent no text', () => {
    const silent: CommandError = { kind: 'notPermitted', message: '', field: null, fields: [] };
    expect(placeErrors(silent, 'zh-CN', FORM, '没有权限')).toEqual({ byField: {}, unplaced: ['没有权限'] });
  });
});

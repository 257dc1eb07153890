import { describe, expect, it } from 'vitest';
import { CHANNELS, COMPLAINT_STATES, CONTACT_METHODS, DEADLINE_KINDS, SEVERITIES } from '@/domain/choices';
import enUS from './en-US';
import zhCN from './zh-CN';

function keyPaths(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keyPaths(value, prefix ? `${prefix}.${key}` : key));
}

function leaves(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [String(node)];
  return Object.values(node).flatMap(leaves);
}

describe('locales', () => {
  it('have the same keys in zh-CN and en-US', () => {
    const zh = keyPaths(zhCN).sort();
    const en = keyPaths(enUS).sort();
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
  });

  it('have no empty labels', () => {
    for (const messages of [zhCN, enUS]) {
      expect(leaves(messages).filter((label) => label.trim() === '')).toEqual([]);
    }
  });

  it('avoid characters that vue-i18n reads as syntax', () => {
    // '@' starts a linked message and '|' separates plural forms.
    for (const messages of [zhCN, enUS]) {
      expect(leaves(messages).filter((label) => /[@|$]/.test(label))).toEqual([]);
    }
  });

  it('label every enum value shown as a choice', () => {
    for (const messages of [zhCN, enUS]) {
      expect(Object.keys(messages.enums.channel)).toEqual(CHANNELS);
      expect(Object.keys(messages.enums.contactMethod)).toEqual(CONTACT_METHODS);
      expect(Object.keys(messages.enums.severity)).toEqual(SEVERITIES);
      expect(Object.keys(messages.enums.state)).toEqual(COMPLAINT_STATES);
      expect(Object.keys(messages.enums.deadlineKind)).toEqual(DEADLINE_KINDS);
    }
  });

  it('use the role names of the procedure in Chinese', () => {
    expect(zhCN.enums.role).toMatchObject({
      receptionist: '接待员',
      supervisor: '公共事务部主管',
      manager: '管理处主管经理',
      generalManager: '公司总经理',
      admin: '系统管理员',
    });
  });
});

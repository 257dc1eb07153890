// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@/locales';
import { auditActionLabel } from './auditAction';

const label = (action: string) => auditActionLabel(action, i18n.global.t, i18n.global.te);

describe('auditActionLabel', () => {
  it('names each action in the window’s language, steps as the step dialogs do', () => {
    setLocale('zh-CN');
    expect(label('complaint.register')).toBe('登记投诉');
    expect(label('user.loginFailed')).toBe('登录失败');
    expect(label('complaint.dispatch')).toBe('投诉处理：派发');
    expect(label('database.migrate')).toBe('从单机数据文件迁移到中心服务器');
    setLocale('en-US');
    expect(label('backup.create')).toBe('Backup taken');
    expect(label('complaint.dispatch')).toBe(`Complaint step: ${i18n.global.t('steps.dispatch')}`);
  });

  it('shows a code it has no label for as it is', () => {
    setLocale('zh-CN');
    expect(label('future.thing')).toBe('future.thing');
    expect(label('complaint.noSuchStep')).toBe('complaint.noSuchStep');
    expect(label('safety')).toBe('safety');
  });
});

// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FileCheck } from '@/bindings/FileCheck';
import type { SealCheck } from '@/bindings/SealCheck';
import { i18n, setLocale } from '@/locales';
import FileCheckView from './FileCheckView.vue';

function fileCheck(change: Partial<FileCheck> = {}): FileCheck {
  return {
    integrityOk: true,
    integrityMessage: null,
    schemaVersion: 9,
    expectedVersion: 9,
    schemaOk: true,
    schemaMessage: null,
    audit: { entries: 12, firstBroken: null, lastHash: null },
    seal: { kind: 'keyed', installation: 'a1b2', anchor: { kind: 'holds' } },
    installation: 'a1b2',
    complaints: 3,
    ...change,
  };
}

function shown(check: FileCheck, id: string) {
  const wrapper = mount(FileCheckView, { props: { check }, global: { plugins: [i18n, ElementPlus] } });
  const cell = wrapper.find(`[data-testid="${id}"]`);
  return { text: cell.text(), broken: cell.classes().includes('broken') };
}

const keyed = (anchor: Extract<SealCheck, { kind: 'keyed' }>['anchor']): SealCheck => ({
  kind: 'keyed',
  installation: 'a1b2',
  anchor,
});

describe('FileCheckView', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('shows the schema check, and what differs in red', () => {
    expect(shown(fileCheck(), 'check-schema')).toEqual({ text: '正常', broken: false });
    const dropped = fileCheck({ schemaOk: false, schemaMessage: '缺少触发器 audit_no_delete' });
    expect(shown(dropped, 'check-schema')).toEqual({ text: '缺少触发器 audit_no_delete', broken: true });
  });

  it('words the seal and the anchor for the staff, problems in red', () => {
    const rows: [SealCheck, string, boolean][] = [
      [keyed({ kind: 'holds' }), '一致', false],
      [{ kind: 'unsealed' }, '旧版本文件，未加密钥', false],
      [{ kind: 'keyMissing', installation: 'a1b2' }, '本机缺少审计密钥', true],
      [keyed({ kind: 'truncated', anchored: 40, found: 37 }), '末尾被截去（锚点 40 条，文件 37 条）', true],
      [keyed({ kind: 'rewritten', entry: 12 }), '被改写（第 12 条）', true],
      [keyed({ kind: 'otherInstallation' }), '来自另一套安装', true],
      [keyed({ kind: 'missing' }), '缺少锚点文件', true],
    ];
    for (const [seal, text, broken] of rows) {
      expect(shown(fileCheck({ seal }), 'check-seal')).toEqual({ text, broken });
    }
  });

  it('says it in English too', () => {
    setLocale('en-US');
    expect(shown(fileCheck(), 'check-seal').text).toBe('Consistent');
    const cut = fileCheck({ seal: keyed({ kind: 'truncated', anchored: 40, found: 37 }) });
    expect(shown(cut, 'check-seal').text).toBe('End cut off (anchor: 40 entries, file: 37)');
  });
});

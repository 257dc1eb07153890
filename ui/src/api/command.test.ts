import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { call, setLockedHandler, setOfflineHandler, toCallError } from './command';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('toCallError', () => {
  it('passes a backend error through', () => {
    const error = {
      kind: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      field: 'phone',
      fields: [],
      until: null,
    };
    expect(toCallError(error)).toBe(error);
  });

  it('wraps anything else as internal, keeping its text in both languages', () => {
    expect(toCallError('invalid args `input` for command `login`')).toEqual({
      kind: 'internal',
      message: 'invalid args `input` for command `login`',
      messageEn: 'invalid args `input` for command `login`',
      field: null,
      fields: [],
      until: null,
    });
    expect(toCallError(new TypeError('window.__TAURI_INTERNALS__ is undefined')).message).toBe(
      'window.__TAURI_INTERNALS__ is undefined',
    );
  });
});

describe('call', () => {
  beforeEach(() => {
    vi.mocked(invoke).mockReset();
    setLockedHandler(null);
    setOfflineHandler(null);
  });

  it('reports a refusal because the desk is locked, and still rejects', async () => {
    const locked = vi.fn();
    setLockedHandler(locked);
    vi.mocked(invoke).mockRejectedValue({ kind: 'locked', message: '工作台已锁定', field: null, fields: [] });
    await expect(call('dashboard')).rejects.toMatchObject({ kind: 'locked' });
    expect(locked).toHaveBeenCalledOnce();
  });

  it('reports a refusal because the server is out of reach, and still rejects', async () => {
    const locked = vi.fn();
    const offline = vi.fn();
    setLockedHandler(locked);
    setOfflineHandler(offline);
    vi.mocked(invoke).mockRejectedValue({
      kind: 'offline',
      message: '与中心服务器的连接已中断',
      field: null,
      fields: [],
    });
    await expect(call('apply_step')).rejects.toMatchObject({ kind: 'offline' });
    expect(offline).toHaveBeenCalledOnce();
    expect(locked).not.toHaveBeenCalled();
  });

  it('leaves other refusals to the caller', async () => {
    const locked = vi.fn();
    const offline = vi.fn();
    setLockedHandler(locked);
    setOfflineHandler(offline);
    vi.mocked(invoke).mockRejectedValue({ kind: 'notPermitted', message: '无权', field: null, fields: [] });
    await expect(call('apply_step')).rejects.toMatchObject({ kind: 'notPermitted' });
    expect(locked).not.toHaveBeenCalled();
    expect(offline).not.toHaveBeenCalled();
  });
});

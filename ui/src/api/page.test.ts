// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stopListening } from './events';
import { openLoginAfresh } from './page';
import { openLoginInNewProcess } from './session';

const order: string[] = [];
vi.mock('./events', () => ({ stopListening: vi.fn(() => order.push('stopListening')) }));
vi.mock('./session', () => ({
  sessionState: vi.fn(async () => order.push('sessionState')),
  openLoginInNewProcess: vi.fn(),
}));

describe('the login page opened afresh after a logout', () => {
  const reload = vi.fn(() => order.push('reload'));
  const realLocation = window.location;

  beforeEach(() => {
    order.length = 0;
    reload.mockClear();
    vi.useFakeTimers();
    vi.spyOn(window.history, 'replaceState');
    Object.defineProperty(window, 'location', { configurable: true, value: { ...realLocation, reload } });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    Object.defineProperty(window, 'location', { configurable: true, value: realLocation });
  });

  it('asks for a new web process once the listeners are stopped, and waits for it to end', async () => {
    vi.mocked(openLoginInNewProcess).mockImplementation(async () => {
      order.push('openLoginInNewProcess');
      return true;
    });
    const opened = openLoginAfresh();
    await vi.advanceTimersByTimeAsync(2000);
    expect(order).toEqual(['stopListening', 'sessionState', 'openLoginInNewProcess']);
    expect(window.history.replaceState).toHaveBeenCalledWith(window.history.state, '', '#/login');
    expect(reload, 'the old process ends first').not.toHaveBeenCalled();

    // A process that did not end after all: the page reloads.
    await vi.advanceTimersByTimeAsync(1500);
    await opened;
    expect(reload).toHaveBeenCalledOnce();
    expect(stopListening).toHaveBeenCalled();
  });

  it('reloads at once where there is no new process (WebDriver, another system, refused)', async () => {
    vi.mocked(openLoginInNewProcess).mockResolvedValueOnce(false);
    await openLoginAfresh();
    expect(reload).toHaveBeenCalledOnce();

    vi.mocked(openLoginInNewProcess).mockRejectedValueOnce({ kind: 'invalidState', message: '请先退出登录' });
    await openLoginAfresh();
    expect(reload).toHaveBeenCalledTimes(2);
  });
});

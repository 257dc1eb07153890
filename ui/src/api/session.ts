import type { LoginInput } from '@/bindings/LoginInput';
import type { SessionState } from '@/bindings/SessionState';
import type { SessionUser } from '@/bindings/SessionUser';
import { call } from './command';

/** Logs in; also how another user takes over the desk. */
export function login(input: LoginInput): Promise<SessionUser> {
  return call<SessionUser>('login', { input });
}

export function logout(): Promise<void> {
  return call<void>('logout');
}

/**
 * After a logout: asks the backend to open the login page in a new web process. Answers
 * whether it will (then this page ends with its process); if not, the page reloads itself.
 */
export function openLoginInNewProcess(): Promise<boolean> {
  return call<boolean>('open_login_in_new_process');
}

export function currentUser(): Promise<SessionUser | null> {
  return call<SessionUser | null>('current_user');
}

/** Who is at the desk, whether it is locked, and after how many idle minutes it locks. */
export function sessionState(): Promise<SessionState> {
  return call<SessionState>('session_state');
}

/** Tells the backend the user is still at the desk, so its idle lock waits. */
export function keepAlive(): Promise<void> {
  return call<void>('keep_alive');
}

export function lockSession(): Promise<void> {
  return call<void>('lock_session');
}

/** Unlocks with the locked user's own password. */
export function unlockSession(password: string): Promise<SessionUser> {
  return call<SessionUser>('unlock_session', { password });
}

/** Changes the logged-in user's own password (the old one required). */
export function changeOwnPassword(oldPassword: string, newPassword: string): Promise<void> {
  return call<void>('change_own_password', { oldPassword, newPassword });
}

import type { LoginInput } from '@/bindings/LoginInput';
import type { SessionUser } from '@/bindings/SessionUser';
import { call } from './command';

export function login(input: LoginInput): Promise<SessionUser> {
  return call<SessionUser>('login', { input });
}

export function logout(): Promise<void> {
  return call<void>('logout');
}

export function currentUser(): Promise<SessionUser | null> {
  return call<SessionUser | null>('current_user');
}

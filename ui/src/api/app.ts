import type { AppStatus } from '@/bindings/AppStatus';
import type { SetupInput } from '@/bindings/SetupInput';
import { call } from './command';

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>('app_status');
}

export function firstRunSetup(input: SetupInput): Promise<void> {
  return call<void>('first_run_setup', { input });
}

import type { AppStatus } from '@/bindings/AppStatus';
import type { ServerAddress } from '@/bindings/ServerAddress';
import type { SetupInput } from '@/bindings/SetupInput';
import { call } from './command';

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>('app_status');
}

export function firstRunSetup(input: SetupInput): Promise<void> {
  return call<void>('first_run_setup', { input });
}

/** Points the desk at the center's server; resolves with the status there. */
export function connectServer(input: ServerAddress): Promise<AppStatus> {
  return call<AppStatus>('connect_server', { input });
}

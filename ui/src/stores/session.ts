import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { appStatus, firstRunSetup } from '@/api/app';
import { currentUser, login, logout } from '@/api/session';
import type { CallError } from '@/api/command';
import type { AppStatus } from '@/bindings/AppStatus';
import type { LoginInput } from '@/bindings/LoginInput';
import type { SessionUser } from '@/bindings/SessionUser';
import type { SetupInput } from '@/bindings/SetupInput';
import { useComplaintListStore } from './complaintList';
import { useReferenceStore } from './reference';
import { useRegistrationDraftStore } from './registrationDraft';

/** Whether this machine is set up, and who is logged in at the desk. */
export const useSessionStore = defineStore('session', () => {
  const status = ref<AppStatus | null>(null);
  const user = ref<SessionUser | null>(null);
  /** Set when the backend could not even say whether the machine is set up. */
  const startupError = ref<CallError | null>(null);
  let loading: Promise<void> | null = null;

  const needsSetup = computed(() => status.value?.needsSetup ?? false);
  const centerName = computed(() => status.value?.centerName ?? '');

  async function load(): Promise<void> {
    status.value = await appStatus();
    user.value = status.value.needsSetup ? null : await currentUser();
  }

  /** Loads once; a failure is not cached, so the next navigation tries again. */
  function ensureLoaded(): Promise<void> {
    loading ??= load().then(
      () => {
        startupError.value = null;
      },
      (reason: unknown) => {
        loading = null;
        startupError.value = reason as CallError;
        throw reason;
      },
    );
    return loading;
  }

  async function completeSetup(input: SetupInput): Promise<void> {
    await firstRunSetup(input);
    status.value = await appStatus();
  }

  async function logIn(input: LoginInput): Promise<void> {
    user.value = await login(input);
  }

  /** Logging out forgets everything the user had on screen, so the next one starts clean. */
  async function logOut(): Promise<void> {
    try {
      await logout();
    } finally {
      user.value = null;
      useComplaintListStore().reset();
      useRegistrationDraftStore().reset();
      useReferenceStore().reset();
    }
  }

  /**
   * The backend no longer knows the user (it restarted). A half-filled form is kept: the
   * receptionist logs in again and saves it.
   */
  function expire(): void {
    user.value = null;
    useRegistrationDraftStore().dismissError();
  }

  return { status, user, startupError, needsSetup, centerName, ensureLoaded, completeSetup, logIn, logOut, expire };
});

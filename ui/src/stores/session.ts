import { ElMessage, ElNotification } from 'element-plus';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { appStatus, connectServer as connectToServer, firstRunSetup } from '@/api/app';
import { setLockedHandler, type CallError } from '@/api/command';
import { lockSession, login, logout, sessionState, unlockSession } from '@/api/session';
import type { AppStatus } from '@/bindings/AppStatus';
import type { LoginInput } from '@/bindings/LoginInput';
import type { ServerAddress } from '@/bindings/ServerAddress';
import type { SessionUser } from '@/bindings/SessionUser';
import type { SetupInput } from '@/bindings/SetupInput';
import { holds } from '@/domain/roles';
import { useComplaintListStore } from './complaintList';
import { useConnectionStore } from './connection';
import { useReferenceStore } from './reference';
import { useRegistrationDraftStore } from './registrationDraft';
import { useUserDirectoryStore } from './users';

/** Until the backend says otherwise (its own default). */
const DEFAULT_IDLE_LOCK_MINUTES = 10;

/** Whether this machine is set up, who is logged in at the desk, and whether it is locked. */
export const useSessionStore = defineStore('session', () => {
  const status = ref<AppStatus | null>(null);
  const user = ref<SessionUser | null>(null);
  /** The desk is locked: the lock screen covers everything until the password is given. */
  const locked = ref(false);
  const idleLockMinutes = ref(DEFAULT_IDLE_LOCK_MINUTES);
  /** Set when the backend could not even say whether the machine is set up. */
  const startupError = ref<CallError | null>(null);
  /** Why the desk was sent back to the login page (a disabled account): shown there. */
  const farewell = ref<CallError | null>(null);
  let loading: Promise<void> | null = null;
  // Whose work the kept screens (draft, list filters) hold.
  let screensOwner: number | null = null;

  const needsSetup = computed(() => status.value?.needsSetup ?? false);
  const centerName = computed(() => status.value?.centerName ?? '');
  /** The desk holds generated demo data (seed-demo), not a center's own. */
  const demo = computed(() => status.value?.demo === true);
  const isAdmin = computed(() => holds(user.value, 'admin'));

  // Any command refused because the backend locked the desk (its own idle timer) shows
  // the lock screen, whichever screen made the call.
  setLockedHandler(() => {
    if (user.value !== null) locked.value = true;
  });
  // Likewise a command refused because the center's server is out of reach: the window
  // shows it is offline from the first navigation on (the store registers itself).
  useConnectionStore();

  async function readSession(): Promise<void> {
    const state = await sessionState();
    user.value = state.user;
    screensOwner ??= state.user?.id ?? null;
    locked.value = state.user !== null && state.locked;
    idleLockMinutes.value = state.idleLockMinutes;
  }

  async function load(): Promise<void> {
    status.value = await appStatus();
    // No session to read when there is nothing to log in to yet.
    if (status.value.needsSetup || status.value.startupProblem !== null) user.value = null;
    else await readSession();
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

  /**
   * The desk works on the center's server from now on. Its status there says whether the
   * center still needs its first-run set-up; the backend has ended any session.
   */
  async function connectServer(input: ServerAddress): Promise<void> {
    status.value = await connectToServer(input);
    if (user.value !== null) forgetScreens();
    user.value = null;
    locked.value = false;
    screensOwner = null;
  }

  /** The center's name or the idle time changed in the settings. */
  async function refreshStatus(): Promise<void> {
    status.value = await appStatus();
    if (user.value !== null) await readSession();
  }

  async function logIn(input: LoginInput): Promise<void> {
    const loggedIn = await login(input);
    // A half-filled form survives an expired session, but not a change of user.
    if (screensOwner !== null && screensOwner !== loggedIn.id) forgetScreens();
    screensOwner = loggedIn.id;
    user.value = loggedIn;
    locked.value = false;
    await readSession().catch(() => {
      // The login stands; the idle time stays as it was.
    });
  }

  /** Locks now (idle time reached, or the user stepped away). */
  async function lock(): Promise<void> {
    if (user.value === null) return;
    locked.value = true;
    await lockSession().catch(() => {
      // The screen is locked either way; the backend locks itself when idle.
    });
  }

  /** Rejects with the backend's error when the password is wrong. */
  async function unlock(password: string): Promise<void> {
    user.value = await unlockSession(password);
    locked.value = false;
  }

  function forgetScreens(): void {
    // Messages about the last user's work do not greet the next one.
    ElMessage.closeAll();
    ElNotification.closeAll();
    useComplaintListStore().reset();
    useRegistrationDraftStore().reset();
    useReferenceStore().reset();
    useUserDirectoryStore().reset();
  }

  /** Logging out forgets everything the user had on screen, so the next one starts clean. */
  async function logOut(): Promise<void> {
    try {
      await logout();
    } finally {
      user.value = null;
      locked.value = false;
      screensOwner = null;
      forgetScreens();
    }
  }

  /**
   * The account was disabled while logged in (the backend has ended its session): logged
   * out like any other, its screens forgotten, and `reason` kept for the login page.
   */
  async function dismiss(reason: CallError): Promise<void> {
    await logOut().catch(() => {
      // Logged out on this side either way.
    });
    farewell.value = reason;
  }

  /** The login page has shown the reason, or someone is logging in. */
  function forgetFarewell(): void {
    farewell.value = null;
  }

  /**
   * The backend no longer knows the user (it restarted). A half-filled form is kept: the
   * receptionist logs in again and saves it.
   */
  function expire(): void {
    user.value = null;
    locked.value = false;
    useRegistrationDraftStore().dismissError();
  }

  return {
    status,
    user,
    locked,
    idleLockMinutes,
    startupError,
    farewell,
    needsSetup,
    centerName,
    demo,
    isAdmin,
    ensureLoaded,
    completeSetup,
    connectServer,
    refreshStatus,
    logIn,
    lock,
    unlock,
    logOut,
    dismiss,
    forgetFarewell,
    expire,
  };
});

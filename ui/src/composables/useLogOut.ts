import { useRouter } from 'vue-router';
import { openLoginAfresh } from '@/api/page';
import { useSessionStore } from '@/stores/session';

/**
 * Logging out at the desk (the header's 退出登录, 切换用户 on the lock screen): once the
 * backend has logged the user out, the login page opens afresh (`openLoginAfresh`: in a
 * new web process, or as a new page under WebDriver).
 * When the backend refused, the user is logged out on this side all the same, `refused`
 * hears why, and this page goes to the login page: a new page would lose what it says.
 */
export function useLogOut(refused: (reason: unknown) => void = () => {}): () => Promise<void> {
  const session = useSessionStore();
  const router = useRouter();
  return async () => {
    try {
      await session.logOut();
    } catch (reason) {
      refused(reason);
      await router.replace({ name: 'login' });
      return;
    }
    await openLoginAfresh();
  };
}

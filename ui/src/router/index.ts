import { createRouter, createWebHashHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '@/stores/session';
import ComplaintListView from '@/views/ComplaintListView.vue';
import LoginView from '@/views/LoginView.vue';
import MainLayout from '@/views/MainLayout.vue';
import RegisterComplaintView from '@/views/RegisterComplaintView.vue';
import SetupView from '@/views/SetupView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without logging in (setup and login). */
    public?: boolean;
  }
}

// Screens inside the main layout. Later: dashboard (then the home page), complaint detail
// (`complaints/:id`), settings.
const mainScreens: RouteRecordRaw[] = [
  {
    path: 'complaints/new',
    name: 'register',
    component: RegisterComplaintView,
  },
  {
    path: 'complaints',
    name: 'complaints',
    component: ComplaintListView,
  },
];

export const HOME: RouteLocationRaw = { name: 'register' };

const routes: RouteRecordRaw[] = [
  { path: '/setup', name: 'setup', component: SetupView, meta: { public: true } },
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  {
    path: '/',
    component: MainLayout,
    redirect: HOME,
    children: mainScreens,
  },
  { path: '/:unknown(.*)*', redirect: HOME },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  try {
    await session.ensureLoaded();
  } catch {
    return false; // App shows `startupError` with a retry button.
  }

  if (session.needsSetup) return to.name === 'setup' ? true : { name: 'setup' };
  if (to.name === 'setup') return { name: 'login' };
  if (session.user === null) {
    if (to.meta.public) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.name === 'login') return HOME;
  return true;
});

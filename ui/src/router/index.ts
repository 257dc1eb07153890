import { createRouter, createWebHashHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
import type { Role } from '@/bindings/Role';
import { archivesComplaints, canAny } from '@/domain/roles';
import { viewsSafety, viewsStatistics } from '@/domain/statistics';
import { useSessionStore } from '@/stores/session';
import DashboardView from '@/views/DashboardView.vue';
import LoginView from '@/views/LoginView.vue';
import MainLayout from '@/views/MainLayout.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without logging in (setup and login). */
    public?: boolean;
    /** For the administrator only (the backend refuses everyone else anyway). */
    admin?: boolean;
    /** Only for users holding a role this accepts (the backend refuses everyone else anyway). */
    allows?: (role: Role) => boolean;
  }
}

// Screens inside the main layout. The login screen, the layout and the dashboard (where a
// login lands) come with the first load; every other screen is a chunk of its own, loaded
// when first opened, so that the window starts on as little JavaScript as it shows.
const mainScreens: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: DashboardView,
  },
  {
    path: 'complaints/new',
    name: 'register',
    component: () => import('@/views/RegisterComplaintView.vue'),
  },
  {
    path: 'complaints',
    name: 'complaints',
    component: () => import('@/views/ComplaintListView.vue'),
  },
  {
    path: 'complaints/:id(\\d+)',
    name: 'complaint',
    component: () => import('@/views/ComplaintDetailView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
  },
  {
    // 更正: the registration form again, filled in as registered.
    path: 'complaints/:id(\\d+)/correct',
    name: 'correctComplaint',
    component: () => import('@/views/CorrectComplaintView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
  },
  {
    // Loaded on demand, like statistics: only an administrator opens it, rarely.
    path: 'settings',
    name: 'settings',
    component: () => import('@/views/SettingsView.vue'),
    meta: { admin: true },
  },
  {
    // Loaded on demand: the page brings ECharts with it.
    path: 'statistics',
    name: 'statistics',
    component: () => import('@/views/StatisticsView.vue'),
    meta: { allows: viewsStatistics },
  },
  {
    // 归档移交: the supervisor or the quality department, once a month.
    path: 'handover',
    name: 'handover',
    component: () => import('@/views/HandoverView.vue'),
    meta: { allows: archivesComplaints },
  },
  {
    path: 'safety',
    name: 'safety',
    component: () => import('@/views/SafetyView.vue'),
    meta: { allows: viewsSafety },
  },
];

/** Where a login lands: what the user's role must act on. */
export const HOME: RouteLocationRaw = { name: 'dashboard' };

const routes: RouteRecordRaw[] = [
  // The database could not be opened: restore a backup, no login needed.
  {
    path: '/startup',
    name: 'startup',
    component: () => import('@/views/StartupProblemView.vue'),
    meta: { public: true },
  },
  { path: '/setup', name: 'setup', component: () => import('@/views/SetupView.vue'), meta: { public: true } },
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

  if (session.status?.startupProblem) return to.name === 'startup' ? true : { name: 'startup' };
  if (to.name === 'startup') return { name: 'login' };
  if (session.needsSetup) return to.name === 'setup' ? true : { name: 'setup' };
  if (to.name === 'setup') return { name: 'login' };
  if (session.user === null) {
    if (to.meta.public) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.name === 'login') return HOME;
  if (to.meta.admin && !session.isAdmin) return HOME;
  if (to.meta.allows && !canAny(session.user, to.meta.allows)) return HOME;
  return true;
});

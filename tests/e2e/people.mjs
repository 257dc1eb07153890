// The service center the tests set up, and one user per role, as an administrator would
// create them on the first day.
export const CENTER = '阳光花园物业服务中心';
export const ADMIN = { username: 'admin', password: 'Admin@12345', displayName: '李主任' };
/** What first-run set-up sends for this center and its administrator. */
export const CENTER_SETUP = {
  centerName: CENTER,
  adminUsername: ADMIN.username,
  adminDisplayName: ADMIN.displayName,
  adminPassword: ADMIN.password,
};

export const RECEPTIONIST = { username: 'jiedai', password: 'Jiedai@2026', displayName: '林晓', role: 'receptionist' };
export const SUPERVISOR = { username: 'zhuguan', password: 'Zhuguan@2026', displayName: '周敏', role: 'supervisor' };
export const ENGINEERING_HEAD = {
  username: 'gongcheng',
  password: 'Gongcheng@2026',
  displayName: '吴涛',
  role: 'departmentHead',
  department: '工程维修部',
};
export const SECURITY_HEAD = {
  username: 'zhixu',
  password: 'Zhixu@2026',
  displayName: '郑强',
  role: 'departmentHead',
  department: '秩序维护部',
};
export const MANAGER = { username: 'jingli', password: 'Jingli@2026', displayName: '王建国', role: 'manager' };

/** A complaint as the desk would type it; tests override what they need. */
export const LEAKING_PIPE = {
  residentName: '张三',
  room: '3-2-1201',
  phone: '13800138000',
  location: '3-2-1201 厨房',
  department: '工程维修部',
  category: '维修',
  description: '厨房水管漏水，已持续两天，楼下住户天花板受潮。',
  residentRequest: '尽快维修，并检查楼下损失',
};

/** A callback that reached the resident, satisfied in all three aspects. */
export const SATISFIED_CALLBACK = {
  reached: true,
  method: 'phone',
  attitude: 'satisfied',
  conduct: 'satisfied',
  result: 'satisfied',
  remarks: '',
  exclusion: null,
  exclusionReason: null,
};

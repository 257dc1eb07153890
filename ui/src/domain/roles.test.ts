import { describe, expect, it } from 'vitest';
import {
  archivesComplaints,
  canAny,
  extraRoleChoices,
  extraRolesOf,
  forwardTarget,
  holds,
  keptExtraRoles,
  registersComplaints,
} from './roles';

describe('roles', () => {
  it('forwards major complaints to the general manager and important ones to the managing manager', () => {
    expect(forwardTarget('major')).toBe('generalManager');
    expect(forwardTarget('important')).toBe('manager');
    expect(forwardTarget('minor')).toBeNull();
  });

  it('offers registration to the desk roles', () => {
    expect(registersComplaints('receptionist')).toBe(true);
    expect(registersComplaints('supervisor')).toBe(true);
    expect(registersComplaints('departmentHead')).toBe(false);
    expect(registersComplaints('admin')).toBe(false);
  });

  it('offers the archive hand-over to the supervisor and the quality department', () => {
    expect(archivesComplaints('supervisor')).toBe(true);
    expect(archivesComplaints('quality')).toBe(true);
    expect(archivesComplaints('receptionist')).toBe(false);
    expect(archivesComplaints('admin')).toBe(false);
    expect(canAny({ roles: ['receptionist', 'quality'] }, archivesComplaints)).toBe(true);
  });

  it('lets a user do what any of their roles may', () => {
    const both = { role: 'receptionist' as const, roles: ['receptionist' as const, 'supervisor' as const] };
    expect(holds(both, 'supervisor')).toBe(true);
    expect(holds(both, 'admin')).toBe(false);
    expect(holds(null, 'admin')).toBe(false);
    expect(canAny(both, (role) => role === 'supervisor')).toBe(true);
    expect(canAny({ roles: ['patrol'] }, registersComplaints)).toBe(false);
    expect(canAny(undefined, registersComplaints)).toBe(false);
    expect(extraRolesOf(both)).toEqual(['supervisor']);
    expect(extraRolesOf({ role: 'admin', roles: ['admin'] })).toEqual([]);
  });

  it('offers every other role beside the main one, the administrator’s excepted', () => {
    expect(extraRoleChoices('receptionist')).toEqual([
      'supervisor',
      'departmentHead',
      'manager',
      'generalManager',
      'quality',
      'patrol',
    ]);
    expect(extraRoleChoices('admin')).toEqual([]);
    expect(keptExtraRoles('supervisor', ['supervisor', 'patrol'])).toEqual(['patrol']);
    expect(keptExtraRoles('admin', ['patrol'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { forwardTarget, registersComplaints } from './roles';

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
});

// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '@/bindings/Action';
import type { ComplaintDetail } from '@/bindings/ComplaintDetail';
import type { ComplaintState } from '@/bindings/ComplaintState';
import type { DeadlineKind } from '@/bindings/DeadlineKind';
import type { DeadlineView } from '@/bindings/DeadlineView';
import type { Severity } from '@/bindings/Severity';
import type { TimelineEntry } from '@/bindings/TimelineEntry';
import { i18n, setLocale } from '@/locales';
import { isOthersMove, nextMove, whatText, whoActs, whoByDeadline, whoText } from './whoActs';

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {});

function deadline(kind: DeadlineKind, dueAt: string, met = false, status?: DeadlineView['status']): DeadlineView {
  return {
    kind,
    startedAt: '2026-11-30T09:00:00+08:00',
    dueAt,
    metAt: met ? '2026-11-30T09:05:00+08:00' : null,
    status: status ?? (met ? 'metOnTime' : 'pending'),
    paused: false,
    warnAt: dueAt,
    working: false,
    rule: '',
    ruleEn: '',
  };
}

function detail(
  deadlines: DeadlineView[],
  { state = 'dispatched', severity = 'important', actions = [], timeline = [] } = {} as {
    state?: ComplaintState;
    severity?: Severity;
    actions?: Action[];
    timeline?: TimelineEntry[];
  },
): ComplaintDetail {
  return {
    row: { id: 7, caseNo: 'TS-20261130-001', state, severity, departmentName: '工程维修部' },
    form: { departmentId: 3 },
    timeline,
    deadlines,
    actions,
    pendingExtension: null,
    nextReplyOn: null,
  } as unknown as ComplaintDetail;
}

describe('whoActs', () => {
  it.each([
    ['dispatch', 'minor', ['receptionist', 'supervisor']],
    ['forward', 'major', ['supervisor']],
    ['firstReply', 'major', ['receptionist', 'supervisor']],
    ['handling', 'minor', ['departmentHead']],
    ['return', 'important', ['departmentHead']],
    ['signOff', 'important', ['manager']],
    ['signOff', 'major', ['generalManager']],
    ['notify', 'minor', ['receptionist']],
    ['callback', 'minor', ['supervisor', 'patrol']],
    ['promisedReply', 'minor', ['receptionist']],
  ] as const)('%s of a %s complaint is for %j', (kind, severity, roles) => {
    expect(whoActs(kind, severity)).toEqual(roles);
  });
});

describe('nextMove', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('is the earliest deadline still open, whatever the order they come in', () => {
    const move = nextMove(
      detail([
        deadline('dispatch', '2026-11-30T09:10:00+08:00', true),
        deadline('handling', '2026-12-04T00:00:00+08:00'),
        deadline('forward', '2026-11-30T10:00:00+08:00', false, 'overdue'),
      ]),
    );
    expect(move).toMatchObject({ what: 'forward', roles: ['supervisor'], forwardTo: 'manager', overdue: true });
    expect(whoText(move!, t)).toBe('公共事务部主管');
    expect(whatText(move!, t)).toBe('转呈管理处主管经理');
  });

  it('names the department whose head handles it', () => {
    const move = nextMove(detail([deadline('handling', '2026-12-03T18:00:00+08:00')]))!;
    expect(whoText(move, t)).toBe('工程维修部主管');
    setLocale('en-US');
    expect(whoText(move, t)).toBe('Head of 工程维修部');
    expect(whatText(move, t)).toBe('handle it');
  });

  it('names the manager the complaint was forwarded to, for the sign-off', () => {
    const forwarded: TimelineEntry = {
      id: 2,
      at: '2026-11-30T09:30:00+08:00',
      actorName: '赵敏',
      actorRole: 'supervisor',
      event: { kind: 'forwarded', toRole: 'generalManager', toName: '陈总' },
    };
    const move = nextMove(
      detail([deadline('signOff', '2026-12-05T18:00:00+08:00')], {
        state: 'awaitingSignOff',
        severity: 'major',
        timeline: [forwarded],
      }),
    )!;
    expect(whoText(move, t)).toBe('公司总经理 陈总');
  });

  it('joins the roles that share a step in both languages', () => {
    const move = nextMove(detail([deadline('dispatch', '2026-11-30T09:10:00+08:00')], { state: 'registered' }))!;
    expect(whoText(move, t)).toBe('接待员/公共事务部主管');
    setLocale('en-US');
    expect(whoText(move, t)).toBe('Receptionist or Public affairs supervisor');
  });

  it('is the archive after the callback, and nothing once closed', () => {
    expect(nextMove(detail([], { state: 'calledBack' }))).toMatchObject({
      what: 'archive',
      roles: ['supervisor', 'quality'],
    });
    expect(nextMove(detail([deadline('handling', '2026-12-03T18:00:00+08:00')], { state: 'voided' }))).toBeNull();
    expect(nextMove(detail([], { state: 'archived' }))).toBeNull();
  });

  it('is someone else’s when the viewer can do nothing on an open complaint', () => {
    const open = [deadline('handling', '2026-12-03T18:00:00+08:00')];
    expect(isOthersMove(detail(open))).toBe(true);
    expect(isOthersMove(detail(open, { actions: ['markHandled'] }))).toBe(false);
    expect(isOthersMove(detail([], { state: 'archived' }))).toBe(false);
  });
});

describe('whoByDeadline', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('names who acts on each open deadline only', () => {
    const shown = whoByDeadline(
      detail(
        [
          deadline('dispatch', '2026-11-30T09:10:00+08:00', true),
          deadline('forward', '2026-11-30T10:00:00+08:00'),
          deadline('handling', '2026-12-04T00:00:00+08:00'),
        ],
        { severity: 'major' },
      ),
      t,
    );
    expect(shown).toEqual({ forward: '公共事务部主管', handling: '工程维修部主管' });
  });

  it('names nobody on a voided complaint', () => {
    const open = [deadline('handling', '2026-12-04T00:00:00+08:00')];
    expect(whoByDeadline(detail(open, { state: 'voided' }), t)).toEqual({});
  });
});

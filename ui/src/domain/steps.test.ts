import { describe, expect, it } from 'vitest';
import { emptyInput, hasInput, inputFields, stepOf, toStep } from './steps';

describe('stepOf', () => {
  it('splits waiting on the resident into start and end by the state', () => {
    expect(stepOf('waitOnResident', 'inHandling')).toBe('startWait');
    expect(stepOf('waitOnResident', 'dispatched')).toBe('startWait');
    expect(stepOf('waitOnResident', 'waitingOnResident')).toBe('endWait');
  });

  it('maps the other actions one to one and ignores the non-steps', () => {
    expect(stepOf('decideExtension', 'inHandling')).toBe('decideExtension');
    expect(stepOf('archive', 'calledBack')).toBe('archive');
    expect(stepOf('view', 'registered')).toBeNull();
    expect(stepOf('administer', 'registered')).toBeNull();
  });
});

describe('inputs', () => {
  it('knows which steps need a dialog with fields', () => {
    expect(hasInput('dispatch')).toBe(true);
    expect(hasInput('logFormReturn')).toBe(false);
    expect(hasInput('endWait')).toBe(false);
    expect(inputFields('dispatch')).toEqual(['departmentId', 'recipient']);
    expect(inputFields('archive')).toEqual([]);
  });

  it('pre-fills the department of a dispatch', () => {
    expect(emptyInput('dispatch', { departmentId: 3 })).toEqual({ departmentId: 3, recipient: '' });
  });
});

describe('toStep', () => {
  it('sends steps without input bare', () => {
    expect(toStep('logFormReturn', undefined)).toEqual({ step: 'logFormReturn' });
  });

  it('sends a forward without a name as null', () => {
    expect(toStep('forward', { toName: '  ' })).toEqual({ step: 'forward', input: { toName: null } });
    expect(toStep('forward', { toName: '王经理' })).toEqual({ step: 'forward', input: { toName: '王经理' } });
  });

  it('drops the answers of a callback that did not reach the resident', () => {
    const input = {
      ...emptyInput('callback', { departmentId: null }),
      reached: false,
      attitude: 'satisfied',
      exclusion: 'forceMajeure',
      exclusionReason: '台风',
    };
    expect(toStep('callback', input)).toMatchObject({
      input: { reached: false, attitude: null, conduct: null, result: null, exclusion: null, exclusionReason: null },
    });
  });

  it('keeps the exclusion reason only with an exclusion', () => {
    const base = {
      ...emptyInput('callback', { departmentId: null }),
      attitude: 'dissatisfied',
      exclusionReason: '台风',
    };
    expect(toStep('callback', base)).toMatchObject({ input: { exclusion: null, exclusionReason: null } });
    expect(toStep('callback', { ...base, exclusion: 'forceMajeure' })).toMatchObject({
      input: { exclusion: 'forceMajeure', exclusionReason: '台风' },
    });
  });

  it('sends a cleared required picker as empty text and an optional one as null', () => {
    expect(toStep('requestExtension', { newDeadline: null, reason: '等配件' })).toEqual({
      step: 'requestExtension',
      input: { newDeadline: '', reason: '等配件' },
    });
    const corrective = { ...emptyInput('recordCorrective', { departmentId: null }), verifiedOn: null };
    expect(toStep('recordCorrective', corrective)).toMatchObject({ input: { verifiedOn: null } });
  });
});

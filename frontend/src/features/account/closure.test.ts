import { describe, expect, it } from 'vitest';
import { closureStep, type ClosureRequest } from './closure';

const req = (state: ClosureRequest['state']): ClosureRequest => ({
  userId: 'u1',
  orgId: 'acme',
  name: 'Zoé Martin',
  email: 'zoe@acme.example',
  login: 'zoe.martin',
  state,
  created: '2026-12-01T09:00:00Z',
  version: 1,
});

describe('closureStep', () => {
  it('offers to ask when there is no request, or the last one was withdrawn', () => {
    expect(closureStep(null)).toEqual({ step: 'ask' });
    expect(closureStep(req('withdrawn'))).toEqual({ step: 'ask' });
  });
  it('waits while a request is pending, which the person may withdraw', () => {
    expect(closureStep(req('pending'))).toEqual({ step: 'waiting', notice: 'account.close.waiting' });
  });
  it('says why the last request was declined, and lets the person ask again', () => {
    expect(closureStep(req('declined'))).toEqual({ step: 'ask', notice: 'account.close.declined' });
  });
});

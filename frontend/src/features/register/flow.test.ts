import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import {
  afterCodeSent,
  afterVerified,
  completeBody,
  defaultChoice,
  emptyOrganisation,
  misplaced,
  needsChoice,
  NEW_ORG,
  organisationErrors,
  PARTNER,
  secondsLeft,
  type Candidates,
  type Flow,
} from './flow';

const sent = { email: 'zoe@acme.example', expiresInSeconds: 600, resendAfterSeconds: 60 };
const started = afterCodeSent(null, 'fr', sent, 1_000_000);
const verify = (c: Candidates) => ({ signupToken: 'tok', email: sent.email, ...c });
const acme = { id: 'o1', name: 'Acme' };
const acmeBis = { id: 'o2', name: 'Acme Bis' };

describe('the sign-up flow', () => {
  it('counts down to the next code', () => {
    expect(secondsLeft(started, 1_000_000)).toBe(60);
    expect(secondsLeft(started, 1_000_000 + 59_001)).toBe(1);
    expect(secondsLeft(started, 1_000_000 + 60_000)).toBe(0);
    expect(secondsLeft(started, 2_000_000)).toBe(0);
  });

  it('keeps what was typed when a code goes to the same address again, not to another', () => {
    const typed: Flow = { ...afterVerified(started, verify({ domain: 'acme.example', organisations: [], canCreate: true })), details: { civility: '', firstName: 'Zoé', lastName: 'D', jobTitle: '', phone: '', lang: 'fr' } };
    const again = afterCodeSent(typed, 'en', sent, 2_000_000);
    expect(again.details?.firstName).toBe('Zoé');
    expect(again.lang).toBe('en');
    expect(again.sentAt).toBe(2_000_000);
    // A new code makes the old token useless.
    expect(again.token).toBeUndefined();
    const other = afterCodeSent(typed, 'fr', { ...sent, email: 'max@other.example' }, 3_000_000);
    expect(other.details).toBeUndefined();
    expect(other.email).toBe('max@other.example');
  });

  it('chooses for the person when there is nothing to choose', () => {
    const none = { domain: 'new.example', organisations: [], canCreate: true };
    const one = { domain: 'acme.example', organisations: [acme], canCreate: false };
    const oneShared = { domain: 'acme.example', organisations: [acme], canCreate: true };
    const two = { domain: 'acme.example', organisations: [acme, acmeBis], canCreate: false };
    expect([none, one, oneShared, two].map(needsChoice)).toEqual([false, false, true, true]);
    expect([none, one, oneShared, two].map(defaultChoice)).toEqual([NEW_ORG, 'o1', '', '']);
    expect(afterVerified(started, verify(one)).choice).toBe('o1');
    expect(afterVerified(started, verify(one)).token).toBe('tok');
  });

  it('sends a person who skipped a step back to it', () => {
    const verified = afterVerified(started, verify({ domain: 'acme.example', organisations: [acme, acmeBis], canCreate: false }));
    expect(misplaced(null, 0)).toBeNull();
    expect(misplaced(null, 1)).toBe('#/register');
    expect(misplaced(started, 1)).toBeNull();
    expect(misplaced(started, 2)).toBe('#/register/code');
    expect(misplaced(verified, 2)).toBeNull();
    expect(misplaced(verified, 3)).toBe('#/register/organisation');
    expect(misplaced({ ...verified, choice: 'o2' }, 3)).toBeNull();
  });

  it('asks for the organisation chosen, or the new one', () => {
    const details = { civility: 'ms', firstName: 'Zoé', lastName: 'D', jobTitle: '', phone: '', lang: 'fr' };
    const base = { ...started, token: 'tok' };
    expect(completeBody({ ...base, choice: 'o2' }, details, 'pw')).toEqual({ signupToken: 'tok', ...details, password: 'pw', organisationId: 'o2' });
    const org = { ...emptyOrganisation, legalName: 'New Co' };
    expect(completeBody({ ...base, choice: NEW_ORG, organisation: org }, details, 'pw')).toEqual({
      signupToken: 'tok',
      ...details,
      password: 'pw',
      newOrganisation: org,
    });
  });

  it('sends the organisation’s errors back to its step', () => {
    const err = new ApiError(400, 'invalid_fields', 'Certains champs…', [
      { field: 'firstName', code: 'required', message: 'Obligatoire.' },
      { field: 'newOrganisation.registrationNo', code: 'registration_no', message: 'Numéro invalide.' },
      { field: 'newOrganisation', code: 'organisation_exists', message: 'Rejoignez-la.' },
    ]);
    expect(organisationErrors(err)).toEqual({ registrationNo: 'Numéro invalide.', choice: 'Rejoignez-la.' });
    expect(organisationErrors(new ApiError(400, 'invalid_fields', '', [{ field: 'password', code: 'password_upper', message: 'x' }]))).toBeNull();
    expect(organisationErrors(new Error('boom'))).toBeNull();
  });
});

describe('the partner choice', () => {
  const details = { civility: 'ms', firstName: 'Pia', lastName: 'P', jobTitle: '', phone: '', lang: 'fr' };
  const flow: Flow = { ...afterVerified(started, verify({ domain: 'printpartners.example', organisations: [], canCreate: true })), choice: PARTNER };
  it('sends the company described as a partner request', () => {
    const body = completeBody({ ...flow, organisation: { ...emptyOrganisation, legalName: 'Print Partners SAS' } }, details, 'Secret#Pass1');
    expect(body.partner).toBe(true);
    expect(body.newOrganisation).toMatchObject({ legalName: 'Print Partners SAS' });
    expect(body.organisationId).toBeUndefined();
  });
  it('lets the details step follow once chosen', () => {
    expect(misplaced(flow, 3)).toBeNull();
  });
});

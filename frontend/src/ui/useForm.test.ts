import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { setLanguage } from '../i18n';
import { failureOf, firstInvalid, messageText, revalidate } from './useForm';

describe('revalidate', () => {
  it('follows the client checks and clears the server error of the edited field only', () => {
    const previous = { email: { text: 'Adresse déjà utilisée.' }, phone: { text: 'Numéro invalide.' }, name: 'ui.field.required' as const };
    expect(revalidate<'email' | 'phone' | 'name'>({ name: 'ui.field.required' }, previous, 'email')).toEqual({
      name: 'ui.field.required',
      phone: { text: 'Numéro invalide.' },
    });
  });

  it('lets a client error replace a server one', () => {
    expect(revalidate<'email' | 'name'>({ email: 'ui.field.email' }, { email: { text: 'x' } }, 'name')).toEqual({ email: 'ui.field.email' });
  });

  it('drops client errors the person has fixed', () => {
    expect(revalidate({}, { name: 'ui.field.required' }, 'name')).toEqual({});
  });
});

describe('failureOf', () => {
  const fields = ['email', 'password'] as const;

  it('shows the server message when no field is at fault (wrong credentials, 429)', () => {
    const f = failureOf(new ApiError(401, 'invalid_credentials', 'Adresse ou mot de passe incorrect.'), fields);
    expect(f).toEqual({ errors: {}, other: [], formError: { text: 'Adresse ou mot de passe incorrect.' } });
  });

  it('puts field errors inline and unknown fields aside', () => {
    const err = new ApiError(400, 'invalid_fields', 'Certains champs sont incorrects.', [
      { field: 'password', code: 'too_long', message: 'Ce champ est trop long.' },
      { field: 'other', code: 'required', message: 'Autre.' },
    ]);
    expect(failureOf(err, fields)).toEqual({ errors: { password: { text: 'Ce champ est trop long.' } }, other: ['Autre.'], formError: null });
  });

  it('says something generic about anything else', () => {
    expect(failureOf(new Error('bug'), fields).formError).toBe('app.api.unexpected');
  });
});

describe('firstInvalid / messageText', () => {
  it('finds the first invalid field in form order', () => {
    expect(firstInvalid(['email', 'password'], { password: 'ui.field.required', email: { text: 'x' } })).toBe('email');
    expect(firstInvalid(['email', 'password'], {})).toBeUndefined();
  });

  it('translates keys and passes server text through', () => {
    setLanguage('en');
    expect(messageText('ui.field.required')).toBe('This field is required.');
    expect(messageText({ text: 'Déjà pris.' })).toBe('Déjà pris.');
    setLanguage('fr');
  });
});

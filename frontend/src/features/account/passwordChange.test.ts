import { describe, expect, it } from 'vitest';
import { firstInvalid } from '../../ui/useForm';
import { changeErrors } from './PasswordPage';

const order = ['current', 'new', 'confirm'] as const;

describe('changeErrors', () => {
  it('stops the change when the repetition differs, with the error on the second field', () => {
    const errors = changeErrors({ current: 'Ancien-Mot.2025', new: 'Rouge-Velo.2026x', confirm: 'Rouge-Velo.2026' });
    expect(errors).toEqual({ current: undefined, new: undefined, confirm: 'ui.password.mismatch' });
    // useForm sends nothing while a field is invalid.
    expect(firstInvalid(order, errors)).toBe('confirm');
  });
  it('lets the change go when both fields agree', () => {
    const errors = changeErrors({ current: 'Ancien-Mot.2025', new: 'Rouge-Velo.2026x', confirm: 'Rouge-Velo.2026x' });
    expect(firstInvalid(order, errors)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { stepperPosition } from './Stepper';

describe('stepperPosition', () => {
  it('counts the steps from one', () => {
    setLanguage('fr');
    expect(stepperPosition(0, 5)).toBe('Étape 1 sur 5');
    expect(stepperPosition(4, 5)).toBe('Étape 5 sur 5');
  });

  it('says every step is done past the last one, never "Étape 6 sur 5"', () => {
    setLanguage('fr');
    expect(stepperPosition(5, 5)).toBe('Toutes les étapes sont terminées');
    setLanguage('en');
    expect(stepperPosition(5, 5)).toBe('All steps done');
    setLanguage('fr');
  });
});

import { describe, expect, it } from 'vitest';
import { decimal, parseAmount } from '../../money';
import { optionsText, parseOptions } from './model';

describe('catalogue model', () => {
  it('reads amounts into minor units without floats', () => {
    expect(parseAmount('12')).toBe(1200);
    expect(parseAmount('12,5')).toBe(1250);
    expect(parseAmount('1 250.05')).toBe(125005);
    expect(parseAmount('0.1')).toBe(10);
    for (const bad of ['', '1.234', '-3', 'abc', '1,2,3']) expect(parseAmount(bad)).toBeNull();
  });
  it('writes minor units as decimals', () => {
    expect(decimal(1320)).toBe('13.20');
    expect(decimal(5)).toBe('0.05');
    expect(decimal(0)).toBe('0.00');
  });
  it('round-trips options', () => {
    const opts = parseOptions('small | Petite | Small\n\nlarge | Grande');
    expect(opts).toEqual([
      { value: 'small', label: { fr: 'Petite', en: 'Small' } },
      { value: 'large', label: { fr: 'Grande', en: 'Grande' } },
    ]);
    expect(parseOptions(optionsText(opts))).toEqual(opts);
  });
});

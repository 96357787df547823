import { describe, expect, it } from 'vitest';
import { tabKeyTarget } from './tabKeys';

describe('tabKeyTarget', () => {
  it('moves to the neighbours with the arrows, wrapping around', () => {
    expect(tabKeyTarget('ArrowRight', 0, 4)).toBe(1);
    expect(tabKeyTarget('ArrowRight', 3, 4)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 2, 4)).toBe(1);
    expect(tabKeyTarget('ArrowLeft', 0, 4)).toBe(3);
  });

  it('goes to the ends with Home and End', () => {
    expect(tabKeyTarget('Home', 2, 4)).toBe(0);
    expect(tabKeyTarget('End', 1, 4)).toBe(3);
  });

  it('leaves other keys (Tab, Enter, letters) to the browser', () => {
    for (const key of ['Tab', 'Enter', ' ', 'a', 'ArrowDown', 'ArrowUp']) expect(tabKeyTarget(key, 1, 4)).toBeNull();
  });

  it('does nothing without tabs', () => {
    expect(tabKeyTarget('ArrowRight', 0, 0)).toBeNull();
  });
});

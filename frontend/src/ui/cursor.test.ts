import { describe, expect, it } from 'vitest';
import { back, canGoBack, canGoForward, currentCursor, firstPage, forward, pageNumber, withNext } from './cursor';

describe('cursor stack', () => {
  it('starts on the first page with nowhere to go', () => {
    expect(currentCursor(firstPage)).toBe('');
    expect(pageNumber(firstPage)).toBe(1);
    expect(canGoBack(firstPage)).toBe(false);
    expect(canGoForward(firstPage)).toBe(false);
    expect(forward(firstPage)).toBe(firstPage);
    expect(back(firstPage)).toBe(firstPage);
  });

  it('walks forward and back through the pages', () => {
    let s = withNext(firstPage, 'c2');
    expect(canGoForward(s)).toBe(true);
    s = forward(s);
    expect(currentCursor(s)).toBe('c2');
    expect(pageNumber(s)).toBe(2);
    expect(canGoForward(s)).toBe(false); // until page 2 says what follows
    s = forward(withNext(s, 'c3'));
    expect(currentCursor(s)).toBe('c3');
    expect(pageNumber(s)).toBe(3);
    s = withNext(s, undefined); // the last page
    expect(canGoForward(s)).toBe(false);
    s = back(s);
    expect(currentCursor(s)).toBe('c2');
    expect(canGoBack(s)).toBe(true);
    s = back(s);
    expect(currentCursor(s)).toBe('');
    expect(canGoBack(s)).toBe(false);
  });

  it('treats an empty next cursor as the end', () => {
    expect(canGoForward(withNext(firstPage, ''))).toBe(false);
    expect(canGoForward(withNext(firstPage, null))).toBe(false);
  });

  it('never changes a stack in place', () => {
    const s = withNext(firstPage, 'c2');
    forward(s);
    expect(s.cursors).toEqual(['']);
    expect(firstPage.cursors).toEqual(['']);
  });
});

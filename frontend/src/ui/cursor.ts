// Paging through a list with opaque cursors. The server gives the cursor of the
// next page only, so going back means remembering the cursors that led here.

export interface CursorStack {
  /** The cursors of the pages visited, the first page's being ''. The last one is
   * the current page's. */
  readonly cursors: readonly string[];
  /** The next page's cursor, once the current page has said it has one. */
  readonly next: string | null;
}

export const firstPage: CursorStack = { cursors: [''], next: null };

/** The cursor to ask the current page with ('' for the first page). */
export function currentCursor(s: CursorStack): string {
  return s.cursors[s.cursors.length - 1];
}

/** Records what the current page said about the next one. */
export function withNext(s: CursorStack, next: string | null | undefined): CursorStack {
  return { cursors: s.cursors, next: next || null };
}

export function canGoForward(s: CursorStack): boolean {
  return s.next !== null;
}

export function canGoBack(s: CursorStack): boolean {
  return s.cursors.length > 1;
}

/** Moves to the next page (unchanged when there is none). */
export function forward(s: CursorStack): CursorStack {
  return s.next === null ? s : { cursors: [...s.cursors, s.next], next: null };
}

/** Moves to the previous page (unchanged on the first). */
export function back(s: CursorStack): CursorStack {
  return canGoBack(s) ? { cursors: s.cursors.slice(0, -1), next: null } : s;
}

/** The current page's number, from 1. */
export function pageNumber(s: CursorStack): number {
  return s.cursors.length;
}

// Keyboard movement between tabs (WAI-ARIA tabs pattern): the arrows move to the
// neighbour and wrap around, Home and End go to the ends. Kept apart from the
// component so that it can be tested without a DOM.

/** The index of the tab a key moves to from `current`, or null when the key does
 * not move (the event is then left to the browser). */
export function tabKeyTarget(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

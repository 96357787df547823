// The address a page just learned the person signs in with (an activation answers
// it), for the sign-in page that follows to fill in. Kept in memory only.

let known = '';

export function setKnownEmail(email: string): void {
  known = email;
}

export function knownEmail(): string {
  return known;
}

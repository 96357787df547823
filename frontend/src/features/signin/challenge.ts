// The second-factor challenge of a sign-in in progress. Kept in memory only: a
// reload starts the sign-in again.

export interface Challenge {
  /** The token to send back with the code. */
  challenge: string;
  /** The second factors the account has ("totp", "recovery", "passkey"). */
  methods: string[];
}

let pending: Challenge | null = null;

export function setChallenge(c: Challenge | null): void {
  pending = c;
}

export function getChallenge(): Challenge | null {
  return pending;
}

import { render } from 'preact';
import './styles.css';
import { signInHref } from './access';
import { setSessionLimitedHandler, setUnauthenticatedHandler } from './api';
import { App } from './app/App';
import { initLanguage } from './i18n';
import { currentPlace, listen, navigate } from './router';
import { clearSession, getSession, loadSession, sessionStarted } from './session';

initLanguage();
listen();

// A call answering 401 means the session ended (expired, revoked elsewhere): forget
// it and send the person to sign-in, to come back here afterwards.
setUnauthenticatedHandler(() => {
  const expired = getSession().status === 'signed-in';
  clearSession();
  const place = currentPlace();
  if (place.path !== '/signin') navigate(signInHref(place, expired ? 'expired' : undefined), { replace: true });
});

// A call refused because the session is held to one thing first (enrolling the
// second factor the organisation came to require, replacing a password an
// administrator chose): the session read again says so, and the access rules then
// send the person to that page.
setSessionLimitedHandler(() => void loadSession());

void loadSession(sessionStarted);

const root = document.getElementById('app');
if (root) render(<App />, root);

// The header's language switch: the person's explicit choice, which a signed-in
// person's profile keeps (the rule is told at sessionStarted, in session.ts).
import { getLanguage, setLanguage, t, type Lang } from '../i18n';
import { getSession } from '../session';
import { toast } from '../ui/toast';

/**
 * Switches the portal to lang and, when the person is signed in as themself, saves
 * it to their profile. A log-in-as is left out (the profile is the other person's),
 * and so is a session held on enrolling a second factor (the API refuses it the
 * profile). The profile code loads only then, to keep it out of the first load.
 * When the save fails the portal still speaks lang, and says the profile did not
 * take it. Pressing the language already shown does nothing.
 */
export async function chooseLanguage(lang: Lang): Promise<void> {
  if (lang === getLanguage()) return;
  setLanguage(lang);
  const s = getSession();
  if (s.status !== 'signed-in' || s.actor || s.mfaEnrolmentRequired) return;
  try {
    const { saveProfileLanguage } = await import('../features/account/profile');
    await saveProfileLanguage(lang);
  } catch {
    toast(t('app.lang.notSaved'), 'error');
  }
}

// The person's profile as the profile form edits it and as PUT /api/v1/me takes
// it. PUT replaces the whole profile, so the header's language switch sends it too,
// unchanged but for the language.
import { api } from '../../api';
import { getLanguage, type Lang } from '../../i18n';
import { detailsBody, detailValues, type DetailValues } from '../admin/DetailsFields';
import type { Me } from './me';

export type ProfileValues = DetailValues & { landline: string; notificationEmail: string };

/** The profile as form values. */
export function profileValues(me: Me): ProfileValues {
  return {
    ...detailValues(me),
    lang: me.lang || getLanguage(),
    landline: me.landline ?? '',
    notificationEmail: me.notificationEmail ?? '',
  };
}

/** Saves the profile v, edited from the given version; answers the saved profile.
 * Rejects with the server's ApiError (409 version_conflict when it changed meanwhile). */
export function saveProfile(version: number, v: ProfileValues): Promise<Me> {
  return api.put<Me>('/me', {
    version,
    ...detailsBody(v),
    landline: v.landline.trim(),
    notificationEmail: v.notificationEmail.trim(),
  });
}

/** Confirms the notification address waiting for its code (spaces forgiven);
 * answers the account, with that address in use. */
export function confirmNotificationEmail(code: string): Promise<Me> {
  return api.post<Me>('/me/notification-email/confirm', { code: code.replace(/\s/g, '') });
}

/** Makes lang the profile's language, reading the profile first (it is replaced
 * whole); nothing is written when it already is. */
export async function saveProfileLanguage(lang: Lang): Promise<void> {
  const me = await api.get<Me>('/me');
  if (me.lang !== lang) await saveProfile(me.version, { ...profileValues(me), lang });
}

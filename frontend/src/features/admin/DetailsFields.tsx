// A person's details and postal address, as administrators give and edit them:
// the same fields in the wizard's first step and in the edit form of a user's page.
import { getLanguage, t, type Key } from '../../i18n';
import { CivilityField } from '../../ui/Civility';
import { Select, TextField } from '../../ui/fields';
import type { FieldBinding } from '../../ui/useForm';
import { countryOptions } from '../register/countries';
import type { OrgUser } from './model';

/** The form values of the details; the address fields are named as the API's field
 * errors name them, so those show under the right field. */
export type DetailValues = {
  civility: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  phone: string;
  lang: string;
  'address.line1': string;
  'address.line2': string;
  'address.postalCode': string;
  'address.city': string;
  'address.country': string;
};

/** The label of each detail, in the order of the page. */
export const DETAIL_LABELS: Record<keyof DetailValues, Key> = {
  civility: 'admin.field.civility',
  firstName: 'admin.field.firstName',
  lastName: 'admin.field.lastName',
  jobTitle: 'admin.field.jobTitle',
  phone: 'admin.field.phone',
  lang: 'admin.field.lang',
  'address.line1': 'admin.field.line1',
  'address.line2': 'admin.field.line2',
  'address.postalCode': 'admin.field.postalCode',
  'address.city': 'admin.field.city',
  'address.country': 'admin.field.country',
};

export const EMPTY_DETAILS: DetailValues = {
  civility: '',
  firstName: '',
  lastName: '',
  jobTitle: '',
  phone: '',
  lang: 'fr',
  'address.line1': '',
  'address.line2': '',
  'address.postalCode': '',
  'address.city': '',
  'address.country': '',
};

/** A user's details as form values (an administrator's view of them, or the
 * person's own profile). */
export function detailValues(u: Pick<OrgUser, 'civility' | 'firstName' | 'lastName' | 'jobTitle' | 'phone' | 'lang' | 'address'>): DetailValues {
  const a = u.address ?? {};
  return {
    civility: u.civility ?? '',
    firstName: u.firstName,
    lastName: u.lastName,
    jobTitle: u.jobTitle ?? '',
    phone: u.phone ?? '',
    lang: u.lang || 'fr',
    'address.line1': a.line1 ?? '',
    'address.line2': a.line2 ?? '',
    'address.postalCode': a.postalCode ?? '',
    'address.city': a.city ?? '',
    'address.country': a.country ?? '',
  };
}

/** The details as the API takes them. */
export function detailsBody(v: DetailValues) {
  return {
    civility: v.civility.trim(),
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    jobTitle: v.jobTitle.trim(),
    phone: v.phone.trim(),
    lang: v.lang,
    address: {
      line1: v['address.line1'].trim(),
      line2: v['address.line2'].trim(),
      postalCode: v['address.postalCode'].trim(),
      city: v['address.city'].trim(),
      country: v['address.country'],
    },
  };
}

/** The client checks of the details: the names are required. */
export function checkDetails(v: DetailValues): Partial<Record<keyof DetailValues, Key>> {
  const out: Partial<Record<keyof DetailValues, Key>> = {};
  if (v.firstName.trim() === '') out.firstName = 'ui.field.required';
  if (v.lastName.trim() === '') out.lastName = 'ui.field.required';
  return out;
}

/** The fields, bound to a form that has them. */
export function DetailsFields({ field }: { field: (name: keyof DetailValues) => FieldBinding }) {
  const lang = getLanguage();
  return (
    <>
      <fieldset class="form-group">
        <legend>{t('admin.field.person')}</legend>
        <CivilityField {...field('civility')} />
        <TextField {...field('firstName')} maxLength={100} autocomplete="off" />
        <TextField {...field('lastName')} maxLength={100} autocomplete="off" />
        <TextField {...field('jobTitle')} required={false} maxLength={100} autocomplete="off" />
        <TextField {...field('phone')} type="tel" required={false} maxLength={30} autocomplete="off" hint={t('admin.field.phoneHint')} />
        <Select
          {...field('lang')}
          options={[
            { value: 'fr', label: t('app.lang.fr') },
            { value: 'en', label: t('app.lang.en') },
          ]}
        />
      </fieldset>
      <fieldset class="form-group">
        <legend>{t('admin.field.address')}</legend>
        <TextField {...field('address.line1')} required={false} maxLength={200} autocomplete="off" />
        <TextField {...field('address.line2')} required={false} maxLength={200} autocomplete="off" />
        <TextField {...field('address.postalCode')} required={false} maxLength={20} autocomplete="off" />
        <TextField {...field('address.city')} required={false} maxLength={100} autocomplete="off" />
        <Select {...field('address.country')} required={false} placeholder={t('admin.field.noCountry')} options={countryOptions(lang)} />
      </fieldset>
    </>
  );
}

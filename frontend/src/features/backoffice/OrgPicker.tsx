import { t } from '../../i18n';
import { SearchPicker } from '../admin/SearchPicker';
import { fetchOrganisations, type CustomerOrg } from './organisations';
import './organisationMessages';

/**
 * Picks one customer organisation, for operators: a search by the start of its
 * name and the matches in a select, each with its verified domains (two
 * organisations may share a name). onChange gets the organisation chosen, or null.
 */
export function OrgPicker({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: CustomerOrg | null;
  onChange: (org: CustomerOrg | null) => void;
  error?: string;
}) {
  const name = (o: CustomerOrg) =>
    t('backoffice.orgPicker.option', { name: o.name, domains: o.domains?.length ? o.domains.join(', ') : t('backoffice.orgPicker.noDomain') });
  const texts = {
    search: t('backoffice.orgPicker.search'),
    choose: (count: number) => t('backoffice.orgPicker.choose', { count }),
    none: t('backoffice.orgPicker.none'),
  };
  return (
    <SearchPicker<CustomerOrg>
      id={id}
      label={label}
      texts={texts}
      find={(q, signal) => fetchOrganisations(q, '', signal).then((page) => page.items)}
      deps={[]}
      name={name}
      chosen={value && { id: value.id, name: name(value) }}
      onChange={onChange}
      error={error}
    />
  );
}

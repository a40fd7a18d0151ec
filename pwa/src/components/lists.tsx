import { useI18n } from '../i18n/index.ts';
import { paths } from '../router.ts';
import type { UnitSummary } from '../graphql/types.ts';
import { useFocusAppended } from './common.tsx';
import { formatAddress, formatDistance } from '../format.ts';

export function UnitList({
  units,
  appendedAt = null,
  id,
}: {
  units: UnitSummary[];
  appendedAt?: number | null;
  id?: string;
}) {
  const { t, locale } = useI18n();
  const ref = useFocusAppended(appendedAt);
  return (
    <ul class="result-list" ref={ref} id={id}>
      {units.map((unit) => {
        const address = formatAddress(unit);
        return (
          <li key={unit.id} class="result-list__item">
            <a class="result-list__link hds-link" href={paths.unit(unit.id)}>
              {unit.name}
            </a>
            {address ? <span class="result-list__meta">{address}</span> : null}
            {unit.distance != null ? (
              <span class="result-list__meta result-list__distance">
                {t.distanceAway(formatDistance(unit.distance, locale))}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export interface ServiceLike {
  id: string;
  name: string;
  unitCount?: number;
  category?: { name: string };
}

export function ServiceList({
  services,
  appendedAt = null,
  showCategory = false,
  id,
}: {
  services: ServiceLike[];
  appendedAt?: number | null;
  showCategory?: boolean;
  id?: string;
}) {
  const { t } = useI18n();
  const ref = useFocusAppended(appendedAt);
  return (
    <ul class="result-list" ref={ref} id={id}>
      {services.map((service) => (
        <li key={service.id} class="result-list__item">
          <a class="result-list__link hds-link" href={paths.service(service.id)}>
            {service.name}
          </a>
          {showCategory && service.category ? <span class="result-list__meta">{service.category.name}</span> : null}
          {service.unitCount != null ? <span class="result-list__meta">{t.unitCount(service.unitCount)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

import { Empty, ErrorState, Loading, LoadMore, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { SearchForm } from '../components/layout.tsx';
import { ServiceList, UnitList } from '../components/lists.tsx';
import { useConnection } from '../graphql/hooks.ts';
import { SearchServices, SearchUnits } from '../graphql/operations.ts';
import type { SearchServicesData, SearchUnitsData } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';

const PAGE_SIZE = 20;
const selectServices = (d: SearchServicesData) => d.services;
const selectUnits = (d: SearchUnitsData) => d.units;

export function SearchScreen({ q }: { q: string }) {
  const { t } = useI18n();
  const title = q ? t.searchFor(q) : t.searchTitle;
  useTitle(title);
  const services = useConnection(SearchServices, { search: q, first: PAGE_SIZE }, selectServices, !q);
  const units = useConnection(SearchUnits, { search: q, first: PAGE_SIZE }, selectUnits, !q);
  useAnnounce(
    q && services.status === 'ok' && units.status === 'ok'
      ? t.searchAnnouncement(services.totalCount, units.totalCount)
      : null,
  );

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <SearchForm initial={q} key={q} />
      {!q ? (
        <Empty>{t.searchEmptyQuery}</Empty>
      ) : (
        <>
          <section class="section" aria-labelledby="services-heading" id="service-results">
            <h2 id="services-heading" class="section__heading">
              {t.servicesHeading}
              {services.status === 'ok' ? <span class="section__count"> ({services.totalCount})</span> : null}
            </h2>
            {services.status === 'loading' ? <Loading /> : null}
            {services.status === 'error' ? <ErrorState error={services.error} onRetry={services.retry} /> : null}
            {services.status === 'ok' && services.items.length === 0 ? <Empty>{t.noServicesFound}</Empty> : null}
            {services.status === 'ok' && services.items.length > 0 ? (
              <>
                <ServiceList services={services.items} appendedAt={services.appendedAt} showCategory />
                <LoadMore
                  idPrefix="services"
                  shown={services.items.length}
                  total={services.totalCount}
                  hasNextPage={services.hasNextPage}
                  loading={services.loadingMore}
                  error={services.loadMoreError}
                  onLoadMore={services.loadMore}
                />
              </>
            ) : null}
          </section>
          <section class="section" aria-labelledby="units-heading" id="unit-results">
            <h2 id="units-heading" class="section__heading">
              {t.unitsHeading}
              {units.status === 'ok' ? <span class="section__count"> ({units.totalCount})</span> : null}
            </h2>
            {units.status === 'loading' ? <Loading /> : null}
            {units.status === 'error' ? <ErrorState error={units.error} onRetry={units.retry} /> : null}
            {units.status === 'ok' && units.items.length === 0 ? <Empty>{t.noUnitsFound}</Empty> : null}
            {units.status === 'ok' && units.items.length > 0 ? (
              <>
                <UnitList units={units.items} appendedAt={units.appendedAt} />
                <LoadMore
                  idPrefix="units"
                  shown={units.items.length}
                  total={units.totalCount}
                  hasNextPage={units.hasNextPage}
                  loading={units.loadingMore}
                  error={units.loadMoreError}
                  onLoadMore={units.loadMore}
                />
              </>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

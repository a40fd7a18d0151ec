import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorState, Loading, LoadMore, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { UnitList } from '../components/lists.tsx';
import { useConnection, useQuery } from '../graphql/hooks.ts';
import { AppointmentTypes, ServiceDetail, ServiceUnits } from '../graphql/operations.ts';
import type { LocationInput, ServiceDetailNode, ServiceUnitsData } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { paths } from '../router.ts';
import { announce } from '../store.ts';
import { NotFoundContent } from './NotFoundScreen.tsx';

const PAGE_SIZE = 20;
const selectUnits = (d: ServiceUnitsData) => d.units;

type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'unsupported';

/** Rounded to about 100 m: enough to sort by distance, kinder to privacy and to the cache. */
function rounded(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function ServiceScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const detail = useQuery(ServiceDetail, { id });
  const service: ServiceDetailNode | null =
    detail.status === 'ok' && detail.data.node?.__typename === 'Service' ? (detail.data.node as ServiceDetailNode) : null;
  const notFound =
    (detail.status === 'ok' && !service) ||
    (detail.status === 'error' && (detail.error.kind === 'notFound' || detail.error.kind === 'badInput'));

  const [near, setNear] = useState<LocationInput | null>(null);
  const [geo, setGeo] = useState<GeoState>('idle');
  const units = useConnection(
    ServiceUnits,
    { serviceId: id, first: PAGE_SIZE, near: near ?? undefined },
    selectUnits,
    notFound,
  );

  const bookable = useQuery(AppointmentTypes, { serviceId: id }, notFound);
  const bookablePlaces = bookable.status === 'ok' ? bookable.data.appointmentTypes.length : 0;
  const title = service?.name ?? (notFound ? t.notFoundTitle : t.serviceFallbackTitle);
  useTitle(title);
  useAnnounce(units.status === 'ok' && !notFound ? `${title}: ${t.unitsFound(units.totalCount)}` : null);

  useEffect(() => {
    if (near && units.status === 'ok') announce(t.sortedByDistance);
  }, [near, units.status, t]);

  // Asked only here, from the user's click on "Nearest first".
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGeo('unsupported');
      announce(t.geoUnsupported);
      return;
    }
    setGeo('locating');
    announce(t.locating);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeo('idle');
        setNear({ lat: rounded(position.coords.latitude), lon: rounded(position.coords.longitude) });
      },
      (error) => {
        const state: GeoState = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        setGeo(state);
        announce(state === 'denied' ? t.geoDenied : t.geoUnavailable);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  };

  const byName = () => {
    setNear(null);
    setGeo('idle');
    announce(t.sortedByName);
  };

  if (notFound) return <NotFoundContent />;

  const geoMessage =
    geo === 'locating'
      ? t.locating
      : geo === 'denied'
        ? t.geoDenied
        : geo === 'unavailable'
          ? t.geoUnavailable
          : geo === 'unsupported'
            ? t.geoUnsupported
            : near
              ? t.sortedByDistance
              : null;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      {detail.status === 'loading' ? <Loading /> : null}
      {detail.status === 'error' ? (
        <ErrorState
          error={detail.error}
          onRetry={() => {
            detail.retry();
            units.retry();
          }}
        />
      ) : null}
      {service ? (
        <div class="service-intro">
          <p class="meta-line">
            <span class="meta-line__label">{t.serviceCategory}: </span>
            {service.category.name}
          </p>
          {service.description ? <p class="lead">{service.description}</p> : null}
        </div>
      ) : null}
      {service && bookablePlaces > 0 ? (
        <section class="section card book-entry" aria-labelledby="book-heading" id="book-entry">
          <h2 id="book-heading" class="section__heading">
            {t.bookHeading}
          </h2>
          <p>{t.bookIntro(bookablePlaces)}</p>
          <a class="hds-button hds-button--primary" href={paths.book(service.id)} id="book-link">
            <span class="hds-icon hds-icon--calendar-plus hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.bookButton}</span>
          </a>
        </section>
      ) : null}

      {detail.status === 'error' ? null : (
        <section class="section" aria-labelledby="service-units-heading">
          <h2 id="service-units-heading" class="section__heading">
            {t.serviceUnitsHeading}
            {units.status === 'ok' ? <span class="section__count"> ({units.totalCount})</span> : null}
          </h2>
          <div class="sort-controls">
            <button
              type="button"
              class="hds-button hds-button--secondary hds-button--small"
              id="sort-units"
              aria-disabled={geo === 'locating' ? 'true' : undefined}
              onClick={near ? byName : geo === 'locating' ? undefined : locate}
            >
              <span class={`hds-icon ${near ? 'hds-icon--sort' : 'hds-icon--locate'} hds-icon--size-s`} aria-hidden="true" />
              <span class="hds-button__label">{near ? t.alphabetical : t.nearestFirst}</span>
            </button>
            {geoMessage ? <p class="sort-controls__status">{geoMessage}</p> : null}
          </div>
          {units.status === 'loading' ? <Loading /> : null}
          {units.status === 'error' ? <ErrorState error={units.error} onRetry={units.retry} /> : null}
          {units.status === 'ok' && units.items.length === 0 ? <Empty>{t.serviceNoUnits}</Empty> : null}
          {units.status === 'ok' && units.items.length > 0 ? (
            <>
              <UnitList units={units.items} appendedAt={units.appendedAt} id="service-units" />
              <LoadMore
                idPrefix="service-units"
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
      )}
    </>
  );
}

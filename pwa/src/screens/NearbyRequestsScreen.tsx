/**
 * Reports near you (/requests/nearby?category=): open requests within 200 m of the device,
 * reported in the last 30 days, nearest first, as a list (the accessible way; no map is needed).
 * `nearbyServiceRequests` asks per category, so "all topics" asks each category and merges.
 */
import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorState, Loading, Notice, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { formatDistance } from '../format.ts';
import { QueryError, runQuery } from '../graphql/client.ts';
import { useQuery } from '../graphql/hooks.ts';
import { NearbyServiceRequests, ServiceRequestCategories } from '../graphql/operations.ts';
import { geoStateMessage, useReportText, type GeoState } from '../report-messages.ts';
import type { NearbyRequest, RequestCategory } from '../report-types.ts';
import { paths, replaceQuietly, type Route } from '../router.ts';
import { announce } from '../store.ts';
import { formatWhen, RequestStatusLabel } from './ReportParts.tsx';

type NearbyRoute = Extract<Route, { name: 'nearbyRequests' }>;
type Found =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: QueryError }
  | { status: 'ok'; items: NearbyRequest[]; partial: boolean };

export function NearbyRequestsScreen({ route }: { route: NearbyRoute }) {
  const { t, r, lang, locale } = useReportText();
  useTitle(r.nearbyTitle);
  const categories = useQuery(ServiceRequestCategories, {});
  const list: RequestCategory[] = categories.status === 'ok' ? categories.data.serviceRequestCategories : [];
  const [categoryId, setCategoryId] = useState<string>(route.categoryId ?? '');
  const [near, setNear] = useState<{ lat: number; lon: number } | null>(null);
  const [geo, setGeo] = useState<GeoState>('idle');
  const [found, setFound] = useState<Found>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  const ids = categoryId ? [categoryId] : list.map((c) => c.id);
  const idsKey = ids.join(',');
  useEffect(() => {
    if (!near || !ids.length) return;
    let live = true;
    setFound({ status: 'loading' });
    void Promise.allSettled(ids.map((id) => runQuery(NearbyServiceRequests, { near, categoryId: id }, lang))).then(
      (results) => {
        if (!live) return;
        const ok = results.flatMap((x) => (x.status === 'fulfilled' ? x.value.data.nearbyServiceRequests : []));
        const failed = results.filter((x) => x.status === 'rejected');
        if (failed.length === results.length) {
          const reason = (failed[0] as PromiseRejectedResult).reason as unknown;
          setFound({ status: 'error', error: reason instanceof QueryError ? reason : new QueryError('network', String(reason)) });
          return;
        }
        const unique = new Map(ok.map((n) => [n.serviceRequest.id, n]));
        const items = [...unique.values()].sort((a, b) => a.distance - b.distance);
        setFound({ status: 'ok', items, partial: failed.length > 0 });
      },
    );
    return () => {
      live = false;
    };
  }, [near?.lat, near?.lon, idsKey, lang, attempt]);

  useAnnounce(found.status === 'ok' ? (found.items.length ? r.nearbyFound(found.items.length) : r.nearbyNone) : null);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGeo('unsupported');
      announce(r.locationUnsupported);
      return;
    }
    setGeo('locating');
    announce(r.locatingDevice);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeo('idle');
        setNear({ lat: position.coords.latitude, lon: position.coords.longitude });
      },
      (error) => {
        const state: GeoState = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        setGeo(state);
        announce(state === 'denied' ? r.locationDenied : r.locationUnavailable);
      },
      { enableHighAccuracy: false, timeout: 20000, maximumAge: 60000 },
    );
  };
  const geoMessage = geoStateMessage(r, geo);

  return (
    <>
      <PageHeading>{r.nearbyTitle}</PageHeading>
      <p class="lead">{r.nearbyScreenIntro}</p>
      {categories.status === 'error' ? <ErrorState error={categories.error} onRetry={categories.retry} /> : null}
      <div class="nearby-controls">
        <div class="form__field">
          <label class="hds-text-input__label" for="nearby-category">
            {r.nearbyCategoryLabel}
          </label>
          <select
            id="nearby-category"
            class="select"
            value={categoryId}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              setCategoryId(value);
              replaceQuietly(paths.nearbyRequests(value || null));
            }}
          >
            <option value="">{r.allCategories}</option>
            {list.map((c) => (
              <option value={c.id} key={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="form__field">
          <button
            type="button"
            class="hds-button hds-button--secondary"
            id="nearby-locate"
            aria-disabled={geo === 'locating' ? 'true' : undefined}
            onClick={geo === 'locating' ? undefined : locate}
          >
            <span class="hds-icon hds-icon--locate hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{near ? r.refreshLocation : r.useMyLocation}</span>
          </button>
          {geoMessage ? <p class="sort-controls__status">{geoMessage}</p> : null}
        </div>
      </div>
      {!near ? <p class="form__help" id="nearby-needs-location">{r.nearbyNeedsLocation}</p> : null}
      {found.status === 'loading' || (near && categories.status === 'loading') ? <Loading /> : null}
      {found.status === 'error' ? <ErrorState error={found.error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {found.status === 'ok' && found.partial ? (
        <Notice type="info" title={r.someCategoriesFailed} />
      ) : null}
      {found.status === 'ok' && !found.items.length ? <Empty>{r.nearbyNone}</Empty> : null}
      {found.status === 'ok' && found.items.length ? (
        <>
          <p class="section__count" id="nearby-count">
            {r.nearbyFound(found.items.length)}
          </p>
          <ul class="request-list" id="nearby-list" aria-describedby="nearby-count">
            {found.items.map(({ distance, serviceRequest: sr }) => (
              <li class="request-card" key={sr.id} data-status={sr.status}>
                <a class="hds-link request-card__link" href={paths.request(sr.id)}>
                  {sr.title}
                </a>
                <span class="result-list__meta result-list__distance">{t.distanceAway(formatDistance(distance, locale))}</span>
                <span class="result-list__meta">
                  {sr.category.name} · {r.reportedOn(formatWhen(sr.createdAt, locale, lang))}
                </span>
                {sr.address ? <span class="result-list__meta">{sr.address}</span> : null}
                <span class="request-card__status">
                  <RequestStatusLabel status={sr.status} />
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a class="hds-link hds-link--medium block-link" href={paths.report()} id="nearby-report-link">
          {r.reportLink}
        </a>
      </p>
    </>
  );
}

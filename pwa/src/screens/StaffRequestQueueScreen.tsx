/**
 * Staff: the queue of service requests in their departments, oldest first, filtered by status,
 * category, area (a district, or near the device), age and "allocated to me". The filter is in
 * the address (kept up to date without a new screen); the list pages with "Load more".
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  Empty,
  ErrorState,
  Loading,
  LoadMore,
  PageHeading,
  useAnnounce,
  useFocusAppended,
  useTitle,
} from '../components/common.tsx';
import { useConnection, useQuery } from '../graphql/hooks.ts';
import { StaffRequestCategories, StaffRequestQueue } from '../graphql/operations.ts';
import type { Me, StaffQueueItem, StaffRequestStatus } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { paths, replaceQuietly } from '../router.ts';
import { loadMe } from '../session.ts';
import { useSignedIn } from './AppointmentsScreen.tsx';
import {
  AGES,
  ageDays,
  coversDepartment,
  DEFAULT_FILTER,
  DISTRICTS,
  parseQueueSearch,
  queueFilter,
  queueSearch,
  rememberQueueSearch,
  RequestStatus,
  STATUSES,
  scopeEmpty,
  viewScope,
  type QueueFilterState,
} from './StaffRequestCommon.tsx';

const PAGE_SIZE = 20;

/** Whether this person may see the service-request queue (a department or city-wide role, or admin). */
export function seesServiceRequests(me: Me | null): boolean {
  return !!me && me.isStaff && !scopeEmpty(viewScope(me));
}

/** The polite refusal for people without a role for service requests. */
export function StaffRequestsForbidden() {
  const { t } = useI18n();
  return (
    <div data-state="forbidden">
      <PageHeading>{t.staffForbiddenTitle}</PageHeading>
      <p class="lead">{t.staffRequests.forbiddenBody}</p>
      <p>
        <a class="hds-link hds-link--medium block-link" href={paths.home()}>
          {t.backToHome}
        </a>
      </p>
    </div>
  );
}

export function StaffRequestQueueScreen({ search }: { search: string }) {
  const { t, lang } = useI18n();
  const m = t.staffRequests;
  const session = useSignedIn(paths.staffRequests(search));
  useTitle(m.queueTitle);
  const heading = <PageHeading>{m.queueTitle}</PageHeading>;

  if (session.status === 'error') {
    return (
      <>
        {heading}
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (session.status === 'loading' || !session.me) {
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  }
  if (!seesServiceRequests(session.me)) return <StaffRequestsForbidden />;
  return (
    <>
      <p>
        <a class="hds-link back-link" href={paths.staff()} id="back-link">
          <span class="hds-icon hds-icon--arrow-left hds-icon--size-s" aria-hidden="true" />
          <span>{t.staffTitle}</span>
        </a>
      </p>
      {heading}
      <Queue me={session.me} search={search} />
    </>
  );
}

type Locating = { state: 'idle' } | { state: 'busy' } | { state: 'failed'; message: string };

function Queue({ me, search }: { me: Me; search: string }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const initial = useMemo(() => parseQueueSearch(search), []);
  // The filter applied (the list shows it) and the one being edited in the form.
  const [applied, setApplied] = useState<QueueFilterState>(initial);
  const [draft, setDraft] = useState<QueueFilterState>(initial);
  const [locating, setLocating] = useState<Locating>({ state: 'idle' });

  useEffect(() => {
    const text = queueSearch(applied);
    rememberQueueSearch(text);
    replaceQuietly(paths.staffRequests(text));
  }, [applied]);

  const categories = useQuery(StaffRequestCategories, {});
  const scope = viewScope(me);
  const ownCategories =
    categories.status === 'ok' ? categories.data.serviceRequestCategories.filter((c) => coversDepartment(scope, c.department.id)) : [];

  const variables = useMemo(() => ({ filter: queueFilter(applied), first: PAGE_SIZE }), [applied]);
  const queue = useConnection(StaffRequestQueue, variables, (d) => d.staffServiceRequestQueue);
  const listRef = useFocusAppended(queue.appendedAt);
  useAnnounce(queue.status === 'ok' ? m.queueFound(queue.totalCount) : null);

  const set = <K extends keyof QueueFilterState>(key: K, value: QueueFilterState[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const toggleStatus = (status: StaffRequestStatus, on: boolean) =>
    setDraft((d) => ({ ...d, statuses: on ? [...d.statuses, status] : d.statuses.filter((s) => s !== status) }));

  const apply = (event: Event) => {
    event.preventDefault();
    const next = { ...draft, statuses: draft.statuses.length ? draft.statuses : [...DEFAULT_FILTER.statuses] };
    if (next.area !== 'near') {
      setLocating({ state: 'idle' });
      setDraft(next);
      setApplied({ ...next, near: null });
      return;
    }
    if (!('geolocation' in navigator)) {
      setLocating({ state: 'failed', message: t.geoUnsupported });
      return;
    }
    setLocating({ state: 'busy' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const near = { lat: position.coords.latitude, lon: position.coords.longitude };
        setLocating({ state: 'idle' });
        setDraft({ ...next, near });
        setApplied({ ...next, near });
      },
      (error) => setLocating({ state: 'failed', message: error.code === 1 ? t.geoDenied : t.geoUnavailable }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const clear = () => {
    setLocating({ state: 'idle' });
    setDraft(DEFAULT_FILTER);
    setApplied(DEFAULT_FILTER);
  };

  return (
    <>
      <form class="card queue-filters" id="queue-filters" aria-labelledby="queue-filters-heading" onSubmit={apply}>
        <h2 class="section__heading" id="queue-filters-heading">
          {m.filtersHeading}
        </h2>
        <fieldset class="hds-fieldset form__field status-filter" id="filter-status">
          <legend class="hds-fieldset-legend">{m.statusLegend}</legend>
          <div class="status-filter__options">
            {STATUSES.map((status) => (
              <div class="hds-checkbox choice-check staff-check" key={status}>
                <input
                  type="checkbox"
                  class="hds-checkbox__input"
                  id={`filter-status-${status}`}
                  name="status"
                  value={status}
                  checked={draft.statuses.includes(status)}
                  onChange={(e) => toggleStatus(status, (e.currentTarget as HTMLInputElement).checked)}
                />
                <label class="hds-checkbox__label" for={`filter-status-${status}`}>
                  {m.statuses[status]}
                </label>
              </div>
            ))}
          </div>
          <p class="form__help">{m.statusHelp}</p>
        </fieldset>
        <div class="form__field">
          <label class="hds-text-input__label" for="filter-category">
            {m.categoryLabel}
          </label>
          <select
            id="filter-category"
            class="select"
            value={draft.category}
            onChange={(e) => set('category', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{m.allCategories}</option>
            {ownCategories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="form__field">
          <label class="hds-text-input__label" for="filter-area">
            {m.areaLabel}
          </label>
          <select
            id="filter-area"
            class="select"
            value={draft.area}
            aria-describedby="filter-area-help"
            onChange={(e) => set('area', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{m.wholeCity}</option>
            {DISTRICTS.map((d) => (
              <option key={d.key} value={d.key}>
                {m.districts[d.key] ?? d.key}
              </option>
            ))}
            <option value="near">{m.nearMe}</option>
          </select>
          <span class="hds-text-input__helper-text" id="filter-area-help">
            {m.areaHelp}
          </span>
        </div>
        <div class="form__field">
          <label class="hds-text-input__label" for="filter-age">
            {m.ageLabel}
          </label>
          <select
            id="filter-age"
            class="select"
            value={draft.age}
            onChange={(e) => set('age', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{m.anyAge}</option>
            {AGES.map((a) => (
              <option key={a.key} value={a.key}>
                {m.ages[a.key] ?? a.key}
              </option>
            ))}
          </select>
        </div>
        <div class="hds-checkbox choice-check staff-check form__field">
          <input
            type="checkbox"
            class="hds-checkbox__input"
            id="filter-mine"
            checked={draft.mine}
            onChange={(e) => set('mine', (e.currentTarget as HTMLInputElement).checked)}
          />
          <label class="hds-checkbox__label" for="filter-mine">
            {m.allocatedToMe}
          </label>
        </div>
        <div class="button-row">
          <button
            type="submit"
            class="hds-button hds-button--primary"
            id="filter-apply"
            aria-disabled={locating.state === 'busy' ? 'true' : undefined}
          >
            <span class="hds-icon hds-icon--search hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{locating.state === 'busy' ? t.locating : m.applyFilters}</span>
          </button>
          <button type="button" class="hds-button hds-button--secondary" id="filter-clear" onClick={clear}>
            <span class="hds-button__label">{m.clearFilters}</span>
          </button>
        </div>
        <div role="status" class="form__status" id="filter-status-message">
          {locating.state === 'failed' ? <p class="staff-booking__error">{locating.message}</p> : null}
        </div>
      </form>

      <section class="section" aria-labelledby="queue-heading" id="queue">
        <h2 class="section__heading" id="queue-heading">
          {m.queueHeading}
          {queue.status === 'ok' ? <span class="section__count"> ({queue.totalCount})</span> : null}
        </h2>
        <p class="form__help" id="queue-order">
          {m.oldestFirst}
        </p>
        {queue.status === 'loading' ? <Loading /> : null}
        {queue.status === 'error' ? <ErrorState error={queue.error} onRetry={queue.retry} /> : null}
        {queue.status === 'ok' && queue.items.length === 0 ? <Empty>{m.queueEmpty}</Empty> : null}
        {queue.status === 'ok' && queue.items.length > 0 ? (
          <>
            <ul class="queue-list" id="request-queue" ref={listRef} aria-describedby="queue-order">
              {queue.items.map((item) => (
                <QueueItem item={item} key={item.id} />
              ))}
            </ul>
            <LoadMore
              idPrefix="queue"
              shown={queue.items.length}
              total={queue.totalCount}
              hasNextPage={queue.hasNextPage}
              loading={queue.loadingMore}
              error={queue.loadMoreError}
              onLoadMore={queue.loadMore}
            />
          </>
        ) : null}
      </section>
    </>
  );
}

function QueueItem({ item }: { item: StaffQueueItem }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const allocation = [item.allocatedDepartment?.name, item.allocatedToName].filter(Boolean).join(' · ');
  return (
    <li class="queue-item" data-number={item.number} data-status={item.status}>
      <a class="queue-item__link" href={paths.staffRequest(item.id)}>
        <span class="queue-item__number">{m.number(item.number)}</span> <span>{item.title}</span>
      </a>
      <p class="queue-item__meta">
        <span>{item.category.name}</span> · <span class="queue-item__age">{m.age(ageDays(item.createdAt))}</span>
        {item.address ? <span class="break-anywhere"> · {item.address}</span> : null}
      </p>
      <p class="queue-item__meta">
        <RequestStatus status={item.status} />{' '}
        <span class="queue-item__allocation">{allocation ? m.allocatedTo(allocation) : m.notAllocated}</span>
      </p>
    </li>
  );
}

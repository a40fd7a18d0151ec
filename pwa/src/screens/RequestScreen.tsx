/**
 * One service request (/requests/:id, `serviceRequest(id)`): its status, details, photos and the
 * timeline of its public history, with follow / stop following for signed-in people. The same
 * view serves the anonymous reporter's tracking page (TrackRequestScreen.tsx).
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { runMutation } from '../booking.ts';
import { SummaryList, type SummaryRow } from '../components/booking.tsx';
import { ErrorState, Loading, Notice, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { PushOptIn } from '../components/push.tsx';
import { osmUrl } from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import {
  FollowServiceRequest,
  ServiceRequestDetail,
  ServiceRequestByTokenUpdates,
  ServiceRequestUpdates,
  UnfollowServiceRequest,
} from '../graphql/operations.ts';
import { useSubscription } from '../live.ts';
import { useReportText } from '../report-messages.ts';
import type { RequestDetail, RequestLiveFields } from '../report-types.ts';
import { navigate, paths } from '../router.ts';
import { trackingTokenFor } from '../tracked-requests.ts';
import { sessionStore } from '../session.ts';
import { announce, createStore, useStore } from '../store.ts';
import { formatWhen, RequestStatusLabel } from './ReportParts.tsx';

/** A notice for the request screen shown next ("You now follow this report"), set just before going there. */
export const requestNoticeStore = createStore<{ id: string; kind: 'followed' | 'unfollowed' } | null>(null);

export function RequestScreen({ id }: { id: string }) {
  const { r } = useReportText();
  const result = useQuery(ServiceRequestDetail, { id });
  const request = useLiveRequest(result.status === 'ok' ? result.data.serviceRequest : null);
  const missing =
    (result.status === 'ok' && !request) ||
    (result.status === 'error' && (result.error.kind === 'notFound' || result.error.kind === 'badInput'));
  useTitle(missing ? r.requestNotFoundTitle : (request?.title ?? r.requestFallbackTitle));
  // Not visible to this person, but this device has its tracking link (a push about an
  // anonymous report leads here): the tracking page shows it.
  const token = missing ? trackingTokenFor(id) : null;
  useLayoutEffect(() => {
    if (token) navigate(paths.trackRequest(token), true);
  }, [token]);

  // One h1 from loading to loaded (the same element keeps the focus it got on navigation).
  return (
    <>
      <PageHeading>{missing ? r.requestNotFoundTitle : request?.title || r.requestFallbackTitle}</PageHeading>
      {token ? (
        <Loading />
      ) : missing ? (
        <RequestMissing body={r.requestNotFoundBody} />
      ) : result.status === 'loading' ? (
        <Loading />
      ) : result.status === 'error' || !request ? (
        <ErrorState error={result.status === 'error' ? result.error : null} onRetry={result.retry} />
      ) : (
        <RequestView request={request} followable />
      )}
    </>
  );
}

/**
 * The loaded request kept current while the screen is open (ServiceRequestUpdates): what can
 * change replaces what was loaded, and a new status is said to screen readers.
 */
export function useLiveRequest(loaded: RequestDetail | null, token?: string): RequestDetail | null {
  const { r } = useReportText();
  const [live, setLive] = useState<RequestLiveFields | null>(null);
  const shownStatus = useRef<string | null>(null);
  const onUpdate = (update: RequestLiveFields | null) => {
    if (!update) return;
    setLive(update);
    if (shownStatus.current && update.status !== shownStatus.current) {
      announce(r.statusUpdatedLive(r.status[update.status]));
    }
    shownStatus.current = update.status;
  };
  useSubscription(
    ServiceRequestUpdates,
    { id: loaded?.id ?? '' },
    (data) => onUpdate(data.serviceRequestUpdated),
    loaded !== null && token === undefined,
  );
  useSubscription(
    ServiceRequestByTokenUpdates,
    { token: token ?? '' },
    (data) => onUpdate(data.serviceRequestByTokenUpdated),
    loaded !== null && token !== undefined,
  );
  if (!loaded) return null;
  shownStatus.current ??= loaded.status;
  // An update older than the loaded answer (a refetch overtook it) does not win.
  return live && live.id === loaded.id && live.updatedAt >= loaded.updatedAt ? { ...loaded, ...live } : loaded;
}

/** Under the "not found" heading: why, and where to go. */
export function RequestMissing({ body }: { body: string }) {
  const { r } = useReportText();
  return (
    <div data-state="not-found">
      <p>{body}</p>
      <ul class="plain-list next-links">
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.myRequests()}>
            {r.myReportsTitle}
          </a>
        </li>
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.report()}>
            {r.reportLink}
          </a>
        </li>
      </ul>
    </div>
  );
}

function answerText(question: RequestDetail['category']['questions'][number], value: unknown, locale: string, lang: 'fi' | 'sv' | 'en'): string {
  const keys = Array.isArray(value) ? value.map(String) : [String(value)];
  if (question.datatype === 'singlevaluelist' || question.datatype === 'multivaluelist') {
    return keys.map((k) => question.values.find((v) => v.key === k)?.name ?? k).join(', ');
  }
  if (question.datatype === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return formatWhen(value, locale, lang);
  }
  if (question.datatype === 'number' && typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  return String(value);
}

/** A request under its heading: status, follow, details, description, photos and the timeline. */
export function RequestView({
  request,
  followable,
  intro,
  trackingToken,
}: {
  request: RequestDetail;
  followable: boolean;
  intro?: ComponentChildren;
  /** On the anonymous reporter's tracking page: push follows this token. */
  trackingToken?: string;
}) {
  const { t, r, lang, locale } = useReportText();
  const rows: SummaryRow[] = [
    { label: r.summaryNumber, value: String(request.number) },
    { label: r.summaryCategory, value: request.category.name },
    { label: r.summaryReported, value: formatWhen(request.createdAt, locale, lang) },
  ];
  if (request.updatedAt !== request.createdAt) {
    rows.push({ label: r.summaryUpdated, value: formatWhen(request.updatedAt, locale, lang) });
  }
  if (request.address || request.location) {
    rows.push({
      label: r.summaryPlace,
      value: (
        <>
          {request.address ?? null}
          {request.location ? (
            <a
              class="hds-link summary-list__meta"
              href={osmUrl(request.location.lat, request.location.lon)}
              rel="noopener"
              target="_blank"
              id="request-map-link"
            >
              {t.showOnMap}
            </a>
          ) : null}
        </>
      ),
    });
  }
  if (request.allocatedDepartment) rows.push({ label: r.summaryDepartment, value: request.allocatedDepartment.name });
  if (request.reporterName) rows.push({ label: r.summaryReporter, value: request.reporterName });
  for (const q of request.category.questions) {
    if (!q.variable) continue;
    const value = request.answers[q.code];
    if (value === undefined || value === null || value === '') continue;
    rows.push({ label: q.description, value: answerText(q, value, locale, lang) });
  }

  return (
    <div class="request" data-status={request.status}>
      <p class="request__status">
        <RequestStatusLabel status={request.status} id="request-status" />
      </p>
      {intro}
      {request.duplicateOfId ? (
        <Notice type="info" title={r.duplicateOf} id="duplicate-notice">
          <p>
            <a class="hds-link" href={paths.request(request.duplicateOfId)}>
              {r.showOriginal}
            </a>
          </p>
        </Notice>
      ) : null}
      {followable ? <FollowControl request={request} /> : null}
      {trackingToken ? <PushOptIn context="tracking" token={trackingToken} /> : null}
      <SummaryList rows={rows} id="request-summary" />
      {request.description ? (
        <section class="section" aria-labelledby="request-description-heading">
          <h2 class="section__heading" id="request-description-heading">
            {r.descriptionHeading}
          </h2>
          <p class="preserve-lines" id="request-description">
            {request.description}
          </p>
        </section>
      ) : null}
      {request.photos.length ? (
        <section class="section" aria-labelledby="request-photos-heading">
          <h2 class="section__heading" id="request-photos-heading">
            {r.photosHeading}
          </h2>
          <ul class="photo-list request-photos" id="request-photos">
            {request.photos.map((photo, i) => (
              <li key={photo.id}>
                <img
                  src={photo.url}
                  alt={r.photoAlt(i + 1, request.photos.length)}
                  width={photo.width}
                  height={photo.height}
                  loading="lazy"
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="section" aria-labelledby="request-timeline-heading">
        <h2 class="section__heading" id="request-timeline-heading">
          {r.timelineHeading}
        </h2>
        <ol class="timeline" id="request-timeline">
          {request.events.map((event, i) => {
            const what =
              event.kind === 'STATUS' && event.status
                ? r.status[event.status]
                : event.kind === 'REOPENED' && event.status
                  ? `${r.eventKind.REOPENED}: ${r.status[event.status]}`
                  : r.eventKind[event.kind];
            return (
              <li class="timeline__item" key={`${event.at}-${i}`} data-kind={event.kind} data-status={event.status ?? undefined}>
                <p class="timeline__title">{what}</p>
                <p class="timeline__meta">
                  <time dateTime={event.at}>{formatWhen(event.at, locale, lang)}</time>
                </p>
                {event.publicNote ? <p class="timeline__note preserve-lines">{event.publicNote}</p> : null}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

function FollowControl({ request }: { request: RequestDetail }) {
  const { t, r, lang } = useReportText();
  const session = useStore(sessionStore);
  const pending = useStore(requestNoticeStore);
  const [followed, setFollowed] = useState(request.followedByMe);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(() =>
    pending && pending.id === request.id ? (pending.kind === 'followed' ? r.followedNotice : r.unfollowedNotice) : null,
  );
  const [error, setError] = useState<string | null>(null);
  useLayoutEffect(() => {
    if (pending) requestNoticeStore.set(null);
  }, []);
  useAnnounce(notice);

  if (session.status !== 'ready') return null;
  const push = (
    <PushOptIn
      context="request"
      requestId={request.id}
      mine={request.isMine}
      followed={followed}
      onFollowed={() => {
        setFollowed(true);
        setNotice(r.followedNotice);
      }}
    />
  );
  if (request.isMine) {
    return (
      <>
        <p class="follow-note" id="follow-status">
          {r.ownReportNote}
        </p>
        {session.me ? push : null}
      </>
    );
  }
  if (!session.me) {
    return (
      <p class="follow-note">
        <a class="hds-link block-link" href={paths.signIn(window.location.pathname)} id="follow-sign-in">
          <span class="hds-icon hds-icon--bell hds-icon--size-s" aria-hidden="true" />
          {r.signInToFollow}
        </a>
      </p>
    );
  }

  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = followed
      ? await runMutation(UnfollowServiceRequest, { id: request.id }, lang, t, (d) => d.unfollowServiceRequest)
      : await runMutation(FollowServiceRequest, { id: request.id }, lang, t, (d) => d.followServiceRequest);
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    const now = outcome.value.serviceRequest?.followedByMe ?? !followed;
    setFollowed(now);
    setNotice(now ? r.followedNotice : r.unfollowedNotice);
  };

  return (
    <div class="follow">
      <button
        type="button"
        class={`hds-button ${followed ? 'hds-button--secondary' : 'hds-button--primary'}`}
        id="follow-button"
        data-followed={followed ? 'true' : 'false'}
        aria-describedby="follow-help"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => void toggle()}
      >
        <span class={`hds-icon ${followed ? 'hds-icon--bell-crossed' : 'hds-icon--bell'} hds-icon--size-s`} aria-hidden="true" />
        <span class="hds-button__label">{followed ? r.unfollow : r.follow}</span>
      </button>
      <p class="form__help" id="follow-help">
        {r.followHelp}
      </p>
      <p class="form__saved" id="follow-status">
        {notice}
      </p>
      {error ? (
        <div role="alert">
          <Notice type="error" title={t.errorTitle}>
            <p>{error}</p>
          </Notice>
        </div>
      ) : null}
      {push}
    </div>
  );
}

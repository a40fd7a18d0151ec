/**
 * My appointments: upcoming (soonest first) and past, each linking to its page; and the secret
 * calendar subscription address (made, copied, replaced or revoked here).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { runMutation } from '../booking.ts';
import { StatusLabel } from '../components/booking.tsx';
import { Empty, ErrorState, Loading, Notice, PageHeading, SavedNote, useAnnounce, useTitle } from '../components/common.tsx';
import { formatAddress, formatClock, formatLongDate, formatTimeRange, helsinkiDateTime } from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import { CreateCalendarFeed, MyBookings, MyCalendarFeed, RevokeCalendarFeed } from '../graphql/operations.ts';
import type { Booking, CalendarFeedInfo } from '../graphql/types.ts';
import { useI18n, type Lang } from '../i18n/index.ts';
import { navigate, paths } from '../router.ts';
import { loadMe, sessionStore, type Session } from '../session.ts';
import { announce, useStore } from '../store.ts';

/** Who is signed in; sends the person to sign in (and back to `path`) when nobody is. */
export function useSignedIn(path: string): Session {
  const session = useStore(sessionStore);
  useEffect(() => {
    if (session.status === 'ready' && !session.me) navigate(paths.signIn(path), true);
  }, [session, path]);
  return session;
}

export function AppointmentsScreen() {
  const { t, lang } = useI18n();
  const session = useSignedIn(paths.appointments());
  useTitle(t.myAppointmentsTitle);

  if (session.status === 'error') {
    return (
      <>
        <PageHeading>{t.myAppointmentsTitle}</PageHeading>
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (session.status === 'loading' || !session.me) {
    return (
      <>
        <PageHeading>{t.myAppointmentsTitle}</PageHeading>
        <Loading />
      </>
    );
  }
  return (
    <>
      <PageHeading>{t.myAppointmentsTitle}</PageHeading>
      <BookingLists />
      <CalendarFeedSection />
    </>
  );
}

function BookingLists() {
  const { t } = useI18n();
  const result = useQuery(MyBookings, {});
  // A time held while booking is not an appointment (yet).
  const upcoming = result.status === 'ok' ? result.data.upcoming.filter((b) => b.status !== 'HELD') : [];
  const past = result.status === 'ok' ? result.data.past.filter((b) => b.status !== 'HELD') : [];
  useAnnounce(result.status === 'ok' ? t.upcomingCount(upcoming.filter((b) => b.status === 'CONFIRMED').length) : null);

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorState error={result.error} onRetry={result.retry} />;
  return (
    <>
      <section class="section" aria-labelledby="upcoming-heading" id="upcoming">
        <h2 id="upcoming-heading" class="section__heading">
          {t.upcomingHeading}
        </h2>
        {upcoming.length ? (
          <BookingList bookings={upcoming} id="upcoming-list" />
        ) : (
          <Empty>{t.noUpcoming}</Empty>
        )}
      </section>
      <section class="section" aria-labelledby="past-heading" id="past">
        <h2 id="past-heading" class="section__heading">
          {t.pastHeading}
        </h2>
        {past.length ? <BookingList bookings={past} id="past-list" /> : <Empty>{t.noPast}</Empty>}
      </section>
    </>
  );
}

function BookingList({ bookings, id }: { bookings: Booking[]; id: string }) {
  const { t, lang, locale } = useI18n();
  return (
    <ul class="booking-list" id={id}>
      {bookings.map((booking) => {
        const { date } = helsinkiDateTime(booking.startsAt);
        const type = booking.appointmentType;
        const address = type ? formatAddress(type.unit) : '';
        return (
          <li class="booking-card" key={booking.id} data-status={booking.status}>
            <a class="hds-link booking-card__link" href={paths.appointment(booking.id)}>
              {formatLongDate(date, locale)} {formatTimeRange(booking.startsAt, booking.endsAt, lang)}
              <span class="sr-only">, {type?.name ?? t.appointmentFallbackTitle}, {t.bookingStatus[booking.status]}</span>
            </a>
            <span class="booking-card__type">{type?.name ?? t.appointmentFallbackTitle}</span>
            {type ? (
              <span class="result-list__meta">
                {type.unit.name}
                {address ? `, ${address}` : ''}
              </span>
            ) : null}
            <span aria-hidden="true">
              <StatusLabel status={booking.status} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function formatWhen(iso: string, locale: string, lang: Lang): string {
  return `${formatLongDate(helsinkiDateTime(iso).date, locale, true)} ${formatClock(iso, lang)}`;
}

type FeedState =
  | { step: 'idle' }
  | { step: 'busy' }
  | { step: 'created'; url: string }
  | { step: 'revoked' }
  | { step: 'error'; message: string };

function CalendarFeedSection() {
  const { t, lang, locale } = useI18n();
  const feed = useQuery(MyCalendarFeed, {});
  const [info, setInfo] = useState<CalendarFeedInfo | null | undefined>(undefined);
  const [state, setState] = useState<FeedState>({ step: 'idle' });
  const [copied, setCopied] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);
  const noticeRef = useRef<HTMLElement | null>(null);
  const current = info !== undefined ? info : feed.status === 'ok' ? feed.data.myCalendarFeed : null;

  useLayoutEffect(() => {
    if (state.step === 'created') urlRef.current?.focus();
    else if (state.step === 'error' || state.step === 'revoked') noticeRef.current?.focus();
  }, [state.step]);

  const create = async () => {
    if (state.step === 'busy') return;
    setState({ step: 'busy' });
    setCopied(false);
    const outcome = await runMutation(CreateCalendarFeed, {}, lang, t, (d) => d.createCalendarFeed);
    if (outcome.ok && outcome.value.url) {
      setInfo(outcome.value.feed);
      setState({ step: 'created', url: outcome.value.url });
      announce(t.feedCreated);
    } else {
      setState({ step: 'error', message: outcome.ok ? t.actionFailed : outcome.message });
    }
  };

  const revoke = async () => {
    if (state.step === 'busy') return;
    setState({ step: 'busy' });
    const outcome = await runMutation(RevokeCalendarFeed, {}, lang, t, (d) => d.revokeCalendarFeed);
    if (outcome.ok) {
      setInfo(null);
      setState({ step: 'revoked' });
    } else {
      setState({ step: 'error', message: outcome.message });
    }
  };

  const copy = async () => {
    if (state.step !== 'created') return;
    try {
      await navigator.clipboard.writeText(state.url);
      setCopied(true);
    } catch {
      // No clipboard (permissions, old browser): select the text for a manual copy.
      urlRef.current?.select();
      setCopied(false);
      announce(t.copyManually);
    }
  };

  const busy = state.step === 'busy';
  return (
    <section class="section card" aria-labelledby="calendar-feed-heading" id="calendar-feed">
      <h2 id="calendar-feed-heading" class="section__heading">
        {t.feedHeading}
      </h2>
      <p>{t.feedIntro}</p>
      {feed.status === 'loading' && info === undefined ? <Loading /> : null}
      {feed.status === 'error' && info === undefined ? <ErrorState error={feed.error} onRetry={feed.retry} /> : null}
      {state.step === 'created' ? (
        <div class="feed-url">
          <div class="hds-text-input form__field">
            <label class="hds-text-input__label" for="feed-url">
              {t.feedUrlLabel}
            </label>
            <div class="hds-text-input__input-wrapper">
              <input
                id="feed-url"
                class="hds-text-input__input"
                type="text"
                readOnly
                value={state.url}
                ref={urlRef}
                aria-describedby="feed-url-help"
                onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
              />
            </div>
            <span class="hds-text-input__helper-text" id="feed-url-help">
              {t.feedUrlHelp}
            </span>
          </div>
          <button type="button" class="hds-button hds-button--secondary" id="copy-feed-url" onClick={copy}>
            <span class="hds-icon hds-icon--copy hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.copyAddress}</span>
          </button>
          <div role="status" class="form__status" id="copy-status">
            {copied ? (
              <SavedNote>{t.copied}</SavedNote>
            ) : null}
          </div>
        </div>
      ) : null}
      {current ? (
        <p id="feed-info">
          {t.feedCreatedAt(formatWhen(current.createdAt, locale, lang))}{' '}
          {current.lastUsedAt ? t.feedLastUsed(formatWhen(current.lastUsedAt, locale, lang)) : t.feedNeverUsed}
        </p>
      ) : null}
      {(feed.status === 'ok' || info !== undefined) ? (
        <div class="button-row">
          <button
            type="button"
            class="hds-button hds-button--secondary"
            id="create-feed"
            aria-disabled={busy ? 'true' : undefined}
            onClick={create}
          >
            <span class="hds-icon hds-icon--calendar-plus hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{current ? t.feedReplace : t.feedCreate}</span>
          </button>
          {current ? (
            <button
              type="button"
              class="hds-button hds-button--secondary button--danger-outline"
              id="revoke-feed"
              aria-disabled={busy ? 'true' : undefined}
              onClick={revoke}
            >
              <span class="hds-icon hds-icon--cross hds-icon--size-s" aria-hidden="true" />
              <span class="hds-button__label">{t.feedRevoke}</span>
            </button>
          ) : null}
        </div>
      ) : null}
      {current && state.step !== 'created' ? <p class="form__help">{t.feedReplaceHelp}</p> : null}
      {state.step === 'revoked' ? (
        <Notice type="success" title={t.feedRevoked} id="feed-revoked" focusRef={noticeRef} />
      ) : null}
      {state.step === 'error' ? (
        <div role="alert">
          <Notice type="error" title={t.errorTitle} focusRef={noticeRef}>
            <p>{state.message}</p>
          </Notice>
        </div>
      ) : null}
    </section>
  );
}

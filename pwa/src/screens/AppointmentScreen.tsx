/**
 * One appointment: when and where, the answers given, add to calendar (.ics), directions; cancel
 * with a reason and move to another time (the booking flow's day and time pickers, as
 * ?change=day and ?change=time&date=…) until the type's deadline.
 */
import { PushOptIn } from '../components/push.tsx';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Attempt, changeableOnline, runMutation, type Outcome } from '../booking.ts';
import {
  BackLink,
  BookingLinks,
  bookingRows,
  DayPicker,
  StatusLabel,
  StepCaption,
  SummaryList,
  TimeStep,
} from '../components/booking.tsx';
import { ErrorState, Loading, Notice, PageHeading, useTitle } from '../components/common.tsx';
import { formatClock, formatLongDate, helsinkiDateTime, isDate, telHref } from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import { BookingDetail, CancelBooking, RescheduleBooking } from '../graphql/operations.ts';
import type { Booking, Slot } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { navigate, paths, type Route } from '../router.ts';
import { loadMe } from '../session.ts';
import { announce } from '../store.ts';
import { useSignedIn } from './AppointmentsScreen.tsx';
import { NotFoundContent } from './NotFoundScreen.tsx';

type AppointmentRoute = Extract<Route, { name: 'appointment' }>;

const REASON_ID = 'cancel-reason';
const MAX_REASON = 500;

export function AppointmentScreen({ route }: { route: AppointmentRoute }) {
  const { t, lang, locale } = useI18n();
  const session = useSignedIn(paths.appointment(route.id, { change: route.change, date: route.date }));
  const signedIn = session.status === 'ready' && session.me !== null;
  const result = useQuery(BookingDetail, { id: route.id }, !signedIn);
  const [current, setCurrent] = useState<Booking | null>(null);
  const [notice, setNotice] = useState<{ kind: 'moved' | 'cancelled'; text: string } | null>(null);
  const noticeRef = useRef<HTMLElement | null>(null);
  const moveAttempt = useRef(new Attempt());
  const fetched =
    result.status === 'ok' && result.data.node?.__typename === 'Booking' ? (result.data.node as Booking) : null;
  const booking = current ?? fetched;
  const notFound =
    (result.status === 'ok' && !fetched) ||
    (result.status === 'error' && (result.error.kind === 'notFound' || result.error.kind === 'badInput'));
  const changing = route.change !== null && booking !== null && changeableOnline(booking);
  const date = isDate(route.date) ? route.date : null;

  const typeName = booking?.appointmentType?.name ?? t.appointmentFallbackTitle;
  const title = notFound
    ? t.notFoundTitle
    : changing
      ? route.change === 'time' && date
        ? t.bookStepTitles.time
        : t.bookStepTitles.day
      : typeName;
  useTitle(changing ? `${title} – ${typeName}` : title);

  useLayoutEffect(() => {
    if (notice?.kind === 'cancelled') noticeRef.current?.focus();
  }, [notice]);

  if (notFound) return <NotFoundContent />;
  if (session.status === 'error') {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (!signedIn || result.status === 'loading' || (!booking && result.status !== 'error')) {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <Loading />
      </>
    );
  }
  if (!booking) {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        {result.status === 'error' ? <ErrorState error={result.error} onRetry={result.retry} /> : null}
      </>
    );
  }
  const type = booking.appointmentType;

  if (changing && type) {
    const reschedule = async (slot: Slot): Promise<Outcome<unknown> | null> => {
      const outcome = await runMutation(
        RescheduleBooking,
        {
          input: {
            bookingId: booking.id,
            startsAt: slot.startsAt,
            idempotencyKey: moveAttempt.current.keyFor(`${booking.id} ${slot.startsAt}`),
          },
        },
        lang,
        t,
        (d) => d.rescheduleBooking,
        moveAttempt.current,
      );
      if (!outcome.ok) return outcome;
      const moved = outcome.value.booking;
      if (!moved) return { ok: false, code: 'SERVER', message: t.actionFailed, field: null, retryable: false };
      const when = t.dateAtTime(
        formatLongDate(helsinkiDateTime(moved.startsAt).date, locale),
        formatClock(moved.startsAt, lang),
      );
      setCurrent(moved);
      setNotice({ kind: 'moved', text: t.movedNotice(when) });
      navigate(paths.appointment(booking.id));
      announce(t.movedNotice(when));
      return null;
    };
    const backHref =
      route.change === 'time' && date
        ? paths.appointment(booking.id, { change: 'day', date })
        : paths.appointment(booking.id);
    return (
      <div class="book-flow" data-step={`change-${route.change}`}>
        <BackLink href={backHref} />
        <StepCaption>{t.changeTimeCaption(typeName)}</StepCaption>
        <PageHeading key={route.change}>{title}</PageHeading>
        <p class="form__help" id="current-time">
          {t.currentTime(
            t.dateAtTime(formatLongDate(helsinkiDateTime(booking.startsAt).date, locale), formatClock(booking.startsAt, lang)),
          )}
        </p>
        {route.change === 'time' && date ? (
          <TimeStep
            key={date}
            typeId={type.id}
            date={date}
            horizonDays={type.horizonDays}
            durationMinutes={type.durationMinutes}
            initial={null}
            submitLabel={t.moveHere}
            busyLabel={t.moving}
            dayHref={paths.appointment(booking.id, { change: 'day', date })}
            onSubmit={reschedule}
          />
        ) : (
          <DayPicker
            typeId={type.id}
            horizonDays={type.horizonDays}
            selected={date}
            onPick={(picked) => navigate(paths.appointment(booking.id, { change: 'time', date: picked }))}
          />
        )}
      </div>
    );
  }

  const upcoming = new Date(booking.endsAt).getTime() > Date.now();
  const canChange = changeableOnline(booking);
  const rows = bookingRows(booking, t, lang, locale);
  if (booking.status === 'CANCELLED' && booking.cancelReason) {
    rows.push({ label: t.cancelReasonLabel, value: <span class="preserve-lines">{booking.cancelReason}</span> });
  }

  return (
    <>
      <p>
        <a class="hds-link back-link" href={paths.appointments()} id="back-link">
          <span class="hds-icon hds-icon--arrow-left hds-icon--size-s" aria-hidden="true" />
          <span>{t.myAppointmentsTitle}</span>
        </a>
      </p>
      <PageHeading>{title}</PageHeading>
      <div role="status" class="offline-notice-region" id="appointment-notice">
        {notice ? <Notice type="success" title={notice.text} focusRef={noticeRef} /> : null}
      </div>
      <p class="appointment-status">
        <span class="appointment-status__label">{t.statusLabel}: </span>
        <StatusLabel status={booking.status} id="appointment-status" />
      </p>
      <SummaryList rows={rows} id="appointment-summary" />
      {upcoming && booking.status === 'CONFIRMED' ? <PushOptIn context="booking" /> : null}
      {upcoming && booking.status !== 'CANCELLED' ? <BookingLinks booking={booking} /> : null}
      {canChange ? (
        <section class="section" aria-labelledby="change-heading" id="change-booking">
          <h2 id="change-heading" class="section__heading">
            {t.changeHeading}
          </h2>
          <p class="form__help">{t.cancelRule(type?.cancelDeadlineMinutes ?? 0)}</p>
          <p>
            <a
              class="hds-button hds-button--secondary"
              href={paths.appointment(booking.id, { change: 'day', date: helsinkiDateTime(booking.startsAt).date })}
              id="reschedule-link"
            >
              <span class="hds-icon hds-icon--calendar-clock hds-icon--size-s" aria-hidden="true" />
              <span class="hds-button__label">{t.rescheduleButton}</span>
            </a>
          </p>
          <CancelSection
            booking={booking}
            onCancelled={(cancelled) => {
              setCurrent(cancelled);
              setNotice({ kind: 'cancelled', text: t.cancelledNotice });
            }}
          />
        </section>
      ) : booking.status === 'CONFIRMED' && upcoming ? (
        <section class="section" aria-labelledby="change-heading" id="change-booking">
          <h2 id="change-heading" class="section__heading">
            {t.changeHeading}
          </h2>
          <p id="too-late">
            {t.tooLateToChange}
            {type?.unit.phone ? (
              <>
                {' '}
                <a class="hds-link" href={telHref(type.unit.phone)}>
                  {type.unit.phone}
                </a>
              </>
            ) : null}
          </p>
        </section>
      ) : null}
    </>
  );
}

type CancelState = { step: 'idle' } | { step: 'confirm' } | { step: 'busy' } | { step: 'error'; message: string };

function CancelSection({ booking, onCancelled }: { booking: Booking; onCancelled: (booking: Booking) => void }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<CancelState>({ step: 'idle' });
  const [reason, setReason] = useState('');
  const attempt = useRef(new Attempt());
  const titleRef = useRef<HTMLHeadingElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const errorRef = useRef<HTMLElement | null>(null);
  const returnFocus = useRef(false);

  useLayoutEffect(() => {
    if (state.step === 'confirm') titleRef.current?.focus();
    else if (state.step === 'error') errorRef.current?.focus();
    else if (state.step === 'idle' && returnFocus.current) {
      returnFocus.current = false;
      startRef.current?.focus();
    }
  }, [state.step]);

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (state.step === 'busy') return;
    const text = reason.trim().slice(0, MAX_REASON);
    setState({ step: 'busy' });
    const outcome = await runMutation(
      CancelBooking,
      { input: { bookingId: booking.id, idempotencyKey: attempt.current.keyFor(`${booking.id} ${text}`), reason: text } },
      lang,
      t,
      (d) => d.cancelBooking,
      attempt.current,
    );
    if (outcome.ok && outcome.value.booking) {
      onCancelled(outcome.value.booking);
      return;
    }
    setState({ step: 'error', message: outcome.ok ? t.actionFailed : outcome.message });
  };

  const asking = state.step !== 'idle';
  return (
    <div class="cancel-booking">
      {asking ? (
        <form class="confirm" id="cancel-confirm" aria-labelledby="cancel-confirm-title" noValidate onSubmit={confirm}>
          <h3 class="confirm__title" id="cancel-confirm-title" tabIndex={-1} ref={titleRef}>
            {t.cancelConfirmTitle}
          </h3>
          <div class="hds-text-input form__field">
            <label class="hds-text-input__label" for={REASON_ID}>
              {t.cancelReasonLabel} <span class="optional">({t.optional})</span>
            </label>
            <div class="hds-text-input__input-wrapper">
              <textarea
                id={REASON_ID}
                class="hds-text-input__input"
                rows={3}
                maxLength={MAX_REASON}
                aria-describedby={`${REASON_ID}-help`}
                value={reason}
                onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
              />
            </div>
            <span class="hds-text-input__helper-text" id={`${REASON_ID}-help`}>
              {t.cancelReasonHelp}
            </span>
          </div>
          {state.step === 'error' ? (
            <div role="alert">
              <Notice type="error" title={t.cancelFailedTitle} focusRef={errorRef}>
                <p>{state.message}</p>
              </Notice>
            </div>
          ) : null}
          <div class="button-row">
            <button
              type="submit"
              class="hds-button hds-button--danger"
              id="cancel-confirm-button"
              aria-disabled={state.step === 'busy' ? 'true' : undefined}
            >
              <span class="hds-icon hds-icon--calendar-cross hds-icon--size-s" aria-hidden="true" />
              <span class="hds-button__label">{state.step === 'busy' ? t.cancelling : t.cancelConfirmButton}</span>
            </button>
            <button
              type="button"
              class="hds-button hds-button--secondary"
              id="cancel-keep-button"
              aria-disabled={state.step === 'busy' ? 'true' : undefined}
              onClick={
                state.step === 'busy'
                  ? undefined
                  : () => {
                      returnFocus.current = true;
                      setState({ step: 'idle' });
                    }
              }
            >
              <span class="hds-button__label">{t.keepBooking}</span>
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          class="hds-button hds-button--secondary button--danger-outline"
          id="cancel-booking-button"
          ref={startRef}
          onClick={() => setState({ step: 'confirm' })}
        >
          <span class="hds-icon hds-icon--calendar-cross hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{t.cancelBookingButton}</span>
        </button>
      )}
    </div>
  );
}

/**
 * Booking, one question per screen: place → day → time → the type's questions → review → done.
 * The step is in the address (?step=…&type=…&date=…), so the browser's Back button walks the
 * steps and focus moves to each step's heading (app.tsx). The chosen time is held for a few
 * minutes (holdSlot) while the questions are answered, then confirmed with the answers.
 */
import { PushOptIn } from '../components/push.tsx';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Attempt, newIdempotencyKey, runMutation, sameInstant, type Outcome } from '../booking.ts';
import {
  BackLink,
  BookingLinks,
  bookingRows,
  DayPicker,
  questionFieldId,
  QuestionsForm,
  StepCaption,
  SummaryList,
  TimeStep,
  type SummaryRow,
} from '../components/booking.tsx';
import {
  Empty,
  ErrorState,
  ErrorSummary,
  Loading,
  Notice,
  PageHeading,
  useAnnounce,
  useTitle,
  type FieldError,
} from '../components/common.tsx';
import { formatAddress, formatClock, formatDistance, helsinkiDateTime, isDate } from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import { AppointmentTypes, CancelBooking, ConfirmBooking, HoldSlot, ServiceDetail } from '../graphql/operations.ts';
import type { Answers, AppointmentTypeNode, Booking, LocationInput, ServiceDetailNode, Slot } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { navigate, paths, type BookStep, type Route } from '../router.ts';
import { loadMe, sessionStore } from '../session.ts';
import { announce, useStore } from '../store.ts';
import { NotFoundContent } from './NotFoundScreen.tsx';

type BookRoute = Extract<Route, { name: 'book' }>;

interface Hold {
  bookingId: string;
  typeId: string;
  startsAt: string;
  endsAt: string;
  expiresAt: string | null;
}

/** Let a held time go (a changed mind, or leaving the flow); it would expire by itself anyway. */
function releaseHold(hold: Hold, lang: ReturnType<typeof useI18n>['lang'], t: ReturnType<typeof useI18n>['t']) {
  void runMutation(
    CancelBooking,
    { input: { bookingId: hold.bookingId, idempotencyKey: newIdempotencyKey(), reason: '' } },
    lang,
    t,
    (d) => d.cancelBooking,
  );
}

export function BookScreen({ route }: { route: BookRoute }) {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const signedIn = session.status === 'ready' && session.me !== null;
  const { serviceId, step } = route;

  // Signed out: to sign in, and back to this very step afterwards.
  useEffect(() => {
    if (session.status === 'ready' && !session.me) {
      navigate(paths.signIn(window.location.pathname + window.location.search), true);
    }
  }, [session]);

  const service = useQuery(ServiceDetail, { id: serviceId });
  const types = useQuery(AppointmentTypes, { serviceId });
  const serviceNode: ServiceDetailNode | null =
    service.status === 'ok' && service.data.node?.__typename === 'Service' ? (service.data.node as ServiceDetailNode) : null;
  const notFound =
    (service.status === 'ok' && !serviceNode) ||
    (service.status === 'error' && (service.error.kind === 'notFound' || service.error.kind === 'badInput'));
  const type: AppointmentTypeNode | null =
    types.status === 'ok' ? (types.data.appointmentTypes.find((x) => x.id === route.typeId) ?? null) : null;

  const [hold, setHold] = useState<Hold | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [confirmed, setConfirmed] = useState<Booking | null>(null);
  /** Why the person was sent back to the time step (the hold expired). */
  const [timeNotice, setTimeNotice] = useState<string | null>(null);
  /** The server's complaints about the answers, shown on the questions step. */
  const [questionErrors, setQuestionErrors] = useState<FieldError[]>([]);
  const holdAttempt = useRef(new Attempt());
  const confirmAttempt = useRef(new Attempt());

  // Leaving the flow with a time held but not booked: let it go at once.
  const holdRef = useRef<Hold | null>(null);
  holdRef.current = hold;
  const i18nRef = useRef({ lang, t });
  i18nRef.current = { lang, t };
  useEffect(
    () => () => {
      if (holdRef.current) releaseHold(holdRef.current, i18nRef.current.lang, i18nRef.current.t);
    },
    [],
  );

  // Before a place is chosen, count the questions step if any place asks questions.
  const hasQuestions = type
    ? type.questions.length > 0
    : types.status === 'ok' && types.data.appointmentTypes.some((x) => x.questions.length > 0);
  const steps: BookStep[] = ['place', 'day', 'time', ...(hasQuestions ? (['questions'] as const) : []), 'review'];
  const date = isDate(route.date) ? route.date : null;
  const heldHere = hold !== null && type !== null && hold.typeId === type.id;

  const url = (to: BookStep, extra: { date?: string | null } = {}) =>
    paths.book(serviceId, { step: to, type: to === 'place' ? null : route.typeId, date: extra.date ?? date });

  // A step that cannot be shown yet (a reload, an old link): to the first one that can.
  useEffect(() => {
    if (!signedIn || types.status !== 'ok') return;
    let to: string | null = null;
    if (step === 'done') to = confirmed ? null : paths.appointments();
    else if (step === 'place') to = null;
    else if (!type) to = paths.book(serviceId);
    else if (step === 'day') to = null;
    else if (!date) to = url('day');
    else if (step === 'time') to = null;
    else if (confirmed) to = null; // shows "already booked"
    else if (!heldHere) to = url('time');
    else if (step === 'questions' && !hasQuestions) to = url('review');
    if (to) navigate(to, true);
  }, [signedIn, types.status, step, type, date, heldHere, hasQuestions, confirmed]);

  const stepTitle = t.bookStepTitles[step];
  const serviceName = serviceNode?.name ?? t.serviceFallbackTitle;
  useTitle(notFound ? t.notFoundTitle : `${stepTitle} – ${serviceName}`);

  if (notFound) return <NotFoundContent />;

  const heading = <PageHeading key={step}>{stepTitle}</PageHeading>;
  const index = steps.indexOf(step);
  const caption =
    step === 'done' ? null : (
      <StepCaption>
        {serviceName}
        {index >= 0 ? <span class="step-caption__progress"> · {t.stepOf(index + 1, steps.length)}</span> : null}
      </StepCaption>
    );
  const backHref =
    step === 'place'
      ? paths.service(serviceId)
      : step === 'day'
        ? paths.book(serviceId)
        : step === 'time'
          ? url('day')
          : step === 'questions'
            ? url('time')
            : step === 'review'
              ? url(hasQuestions ? 'questions' : 'time')
              : null;
  const frame = (body: ComponentChildren) => (
    <div class="book-flow" data-step={step}>
      {backHref ? <BackLink href={backHref} /> : null}
      {caption}
      {heading}
      {body}
    </div>
  );

  if (session.status === 'error') {
    return frame(<ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />);
  }
  if (!signedIn || service.status === 'loading' || types.status === 'loading') return frame(<Loading />);
  if (service.status === 'error') return frame(<ErrorState error={service.error} onRetry={service.retry} />);
  if (types.status === 'error') return frame(<ErrorState error={types.error} onRetry={types.retry} />);

  if (step === 'place') {
    return frame(<PlaceStep serviceId={serviceId} types={types.data.appointmentTypes} />);
  }
  if (step === 'done') {
    return confirmed ? frame(<DoneStep booking={confirmed} />) : frame(<Loading />);
  }
  if (!type) return frame(<Loading />);

  const placeLine = <PlaceLine type={type} />;

  if (step === 'day') {
    return frame(
      <>
        {placeLine}
        <DayPicker
          typeId={type.id}
          horizonDays={type.horizonDays}
          selected={date}
          onPick={(picked) => navigate(url('time', { date: picked }))}
        />
      </>,
    );
  }
  if (!date) return frame(<Loading />);

  if (confirmed && (step === 'questions' || step === 'review')) {
    return frame(
      <AlreadyBooked
        booking={confirmed}
        onAnother={() => {
          setConfirmed(null);
          setAnswers({});
          navigate(paths.book(serviceId));
        }}
      />,
    );
  }

  if (step === 'time') {
    const take = async (slot: Slot): Promise<Outcome<unknown> | null> => {
      const next = (startsAt: string) =>
        url(hasQuestions ? 'questions' : 'review', { date: helsinkiDateTime(startsAt).date });
      if (hold && hold.typeId === type.id && sameInstant(hold.startsAt, slot.startsAt) && !expired(hold)) {
        navigate(next(slot.startsAt));
        return null;
      }
      const outcome = await runMutation(
        HoldSlot,
        {
          input: {
            appointmentTypeId: type.id,
            startsAt: slot.startsAt,
            idempotencyKey: holdAttempt.current.keyFor(`${type.id} ${slot.startsAt}`),
          },
        },
        lang,
        t,
        (d) => d.holdSlot,
        holdAttempt.current,
      );
      if (!outcome.ok || !outcome.value.booking) {
        return outcome.ok ? { ok: false, code: 'SERVER', message: t.actionFailed, field: null, retryable: false } : outcome;
      }
      const held = outcome.value.booking;
      if (hold && hold.bookingId !== held.id) releaseHold(hold, lang, t);
      setHold({
        bookingId: held.id,
        typeId: type.id,
        startsAt: slot.startsAt,
        endsAt: held.endsAt,
        expiresAt: held.holdExpiresAt,
      });
      setTimeNotice(null);
      navigate(next(slot.startsAt));
      return null;
    };
    return frame(
      <>
        {placeLine}
        {timeNotice ? (
          <div role="alert">
            <Notice type="error" title={t.holdExpiredTitle} id="time-notice">
              <p>{timeNotice}</p>
            </Notice>
          </div>
        ) : null}
        <TimeStep
          key={date}
          typeId={type.id}
          date={date}
          horizonDays={type.horizonDays}
          durationMinutes={type.durationMinutes}
          initial={heldHere ? hold.startsAt : null}
          held={
            heldHere && !expired(hold) && helsinkiDateTime(hold.startsAt).date === date
              ? { startsAt: hold.startsAt, endsAt: hold.endsAt, seatsLeft: 1 }
              : null
          }
          submitLabel={t.continueButton}
          busyLabel={t.holdingTime}
          dayHref={url('day')}
          onSubmit={take}
        />
      </>,
    );
  }

  if (!hold || !heldHere) return frame(<Loading />);

  if (step === 'questions') {
    return frame(
      <>
        <HeldNote hold={hold} />
        <QuestionsForm
          questions={type.questions}
          initial={answers}
          serverErrors={questionErrors}
          submitLabel={t.continueButton}
          onSubmit={(given) => {
            setAnswers(given);
            setQuestionErrors([]);
            navigate(url('review'));
          }}
        />
      </>,
    );
  }

  // review
  const confirm = async (): Promise<Outcome<unknown> | null> => {
    const outcome = await runMutation(
      ConfirmBooking,
      {
        input: {
          bookingId: hold.bookingId,
          idempotencyKey: confirmAttempt.current.keyFor(`${hold.bookingId} ${JSON.stringify(answers)}`),
          answers,
        },
      },
      lang,
      t,
      (d) => d.confirmBooking,
      confirmAttempt.current,
    );
    if (outcome.ok && outcome.value.booking) {
      setConfirmed(outcome.value.booking);
      setHold(null);
      navigate(url('done'), true);
      return null;
    }
    if (outcome.ok) return { ok: false, code: 'SERVER', message: t.actionFailed, field: null, retryable: false };
    if (outcome.code === 'HOLD_EXPIRED' || outcome.code === 'SLOT_TAKEN' || outcome.code === 'NOT_ALLOWED') {
      setHold(null);
      setTimeNotice(outcome.message);
      navigate(url('time'));
      return null;
    }
    if (outcome.field?.startsWith('answers.')) {
      const key = outcome.field.slice('answers.'.length);
      const question = type.questions.find((q) => q.key === key);
      const fieldId = question?.type === 'choice' ? `${questionFieldId(key)}-0` : questionFieldId(key);
      setQuestionErrors([{ fieldId, message: outcome.message }]);
      navigate(url('questions'));
      return null;
    }
    return outcome;
  };
  return frame(
    <ReviewStep
      type={type}
      hold={hold}
      answers={answers}
      urls={{
        place: paths.book(serviceId),
        day: url('day'),
        time: url('time'),
        questions: hasQuestions ? url('questions') : null,
      }}
      serviceName={serviceName}
      onConfirm={confirm}
    />,
  );
}

function expired(hold: Hold): boolean {
  return hold.expiresAt !== null && new Date(hold.expiresAt).getTime() < Date.now() + 15_000;
}

/** Where the appointment is, above the day and time steps. */
function PlaceLine({ type }: { type: AppointmentTypeNode }) {
  const address = formatAddress(type.unit);
  return (
    <p class="place-line" id="place-line">
      <span class="hds-icon hds-icon--location hds-icon--size-s" aria-hidden="true" />
      <span>
        <strong>{type.unit.name}</strong>
        {address ? `, ${address}` : ''}
        <span class="place-line__type"> – {type.name}</span>
      </span>
    </p>
  );
}

function HeldNote({ hold }: { hold: Hold }) {
  const { t, lang } = useI18n();
  if (!hold.expiresAt) return null;
  return (
    <p class="held-note" id="held-note">
      <span class="hds-icon hds-icon--clock hds-icon--size-s" aria-hidden="true" />
      <span>{t.heldUntil(formatClock(hold.expiresAt, lang))}</span>
    </p>
  );
}

// ---------------------------------------------------------------- place

type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'unsupported';

function distanceMetres(a: LocationInput, b: LocationInput): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

function PlaceStep({ serviceId, types }: { serviceId: string; types: AppointmentTypeNode[] }) {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState('');
  const [near, setNear] = useState<LocationInput | null>(null);
  const [geo, setGeo] = useState<GeoState>('idle');
  const manyKinds = new Set(types.map((x) => x.name)).size > 1;

  const shown = useMemo(() => {
    const words = filter.trim().toLocaleLowerCase(locale).split(/\s+/).filter(Boolean);
    const matching = types.filter((x) => {
      const text = `${x.unit.name} ${formatAddress(x.unit)} ${x.name}`.toLocaleLowerCase(locale);
      return words.every((w) => text.includes(w));
    });
    const withDistance = matching.map((x) => ({
      type: x,
      distance: near && x.unit.location ? distanceMetres(near, x.unit.location) : null,
    }));
    return withDistance.sort((a, b) =>
      near
        ? (a.distance ?? Infinity) - (b.distance ?? Infinity)
        : a.type.unit.name.localeCompare(b.type.unit.name, locale) || a.type.name.localeCompare(b.type.name, locale),
    );
  }, [types, filter, near, locale]);

  useAnnounce(filter.trim() ? t.unitsFound(shown.length) : null);

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
        setNear({ lat: position.coords.latitude, lon: position.coords.longitude });
        announce(t.sortedByDistance);
      },
      (error) => {
        const state: GeoState = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        setGeo(state);
        announce(state === 'denied' ? t.geoDenied : t.geoUnavailable);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  };

  if (!types.length) {
    return (
      <>
        <Empty>{t.notBookableOnline}</Empty>
        <p>
          <a class="hds-link hds-link--medium block-link" href={paths.service(serviceId)}>
            {t.backToService}
          </a>
        </p>
      </>
    );
  }

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
      <div class="place-controls">
        <div class="hds-text-input place-controls__filter">
          <label class="hds-text-input__label" for="place-filter">
            {t.placeFilterLabel}
          </label>
          <div class="hds-text-input__input-wrapper">
            <input
              id="place-filter"
              class="hds-text-input__input"
              type="search"
              autocomplete="off"
              aria-controls="place-list"
              value={filter}
              onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        </div>
        <div class="sort-controls">
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="places-near-me"
            aria-disabled={geo === 'locating' ? 'true' : undefined}
            onClick={
              near
                ? () => {
                    setNear(null);
                    setGeo('idle');
                    announce(t.sortedByName);
                  }
                : geo === 'locating'
                  ? undefined
                  : locate
            }
          >
            <span class={`hds-icon ${near ? 'hds-icon--sort' : 'hds-icon--locate'} hds-icon--size-s`} aria-hidden="true" />
            <span class="hds-button__label">{near ? t.alphabetical : t.nearestFirst}</span>
          </button>
          {geoMessage ? <p class="sort-controls__status">{geoMessage}</p> : null}
        </div>
      </div>
      {shown.length === 0 ? <Empty>{t.noPlacesMatch}</Empty> : null}
      <ul class="result-list" id="place-list">
        {shown.map(({ type, distance }) => {
          const address = formatAddress(type.unit);
          return (
            <li class="result-list__item" key={type.id}>
              <a
                class="result-list__link hds-link"
                href={paths.book(serviceId, { step: 'day', type: type.id })}
              >
                {type.unit.name}
                {manyKinds ? <span class="sr-only">, {type.name}</span> : null}
              </a>
              {manyKinds ? (
                <span class="result-list__meta" aria-hidden="true">
                  {type.name}
                </span>
              ) : null}
              {address ? <span class="result-list__meta">{address}</span> : null}
              {distance !== null ? (
                <span class="result-list__meta result-list__distance">
                  {t.distanceAway(formatDistance(distance, locale))}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

// ---------------------------------------------------------------- review, done

function ReviewStep({
  type,
  hold,
  answers,
  urls,
  serviceName,
  onConfirm,
}: {
  type: AppointmentTypeNode;
  hold: Hold;
  answers: Answers;
  urls: { place: string; day: string; time: string; questions: string | null };
  serviceName: string;
  onConfirm: () => Promise<Outcome<unknown> | null>;
}) {
  const { t, lang, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  const rows: SummaryRow[] = [
    { label: t.summaryService, value: `${serviceName} – ${type.name}` },
    ...bookingRows(
      {
        startsAt: hold.startsAt,
        endsAt: hold.endsAt,
        answers,
        appointmentType: { ...type, unit: { ...type.unit, phone: null } },
      },
      t,
      lang,
      locale,
    ),
  ].map((row) => {
    if (row.label === t.summaryDate) return { ...row, change: { href: urls.day, label: t.summaryDate.toLowerCase() } };
    if (row.label === t.summaryTime) return { ...row, change: { href: urls.time, label: t.summaryTime.toLowerCase() } };
    if (row.label === t.summaryPlace) return { ...row, change: { href: urls.place, label: t.summaryPlace.toLowerCase() } };
    if (urls.questions && type.questions.some((q) => q.label === row.label)) {
      return { ...row, change: { href: urls.questions, label: row.label } };
    }
    return row;
  });

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setErrors([]);
    const outcome = await onConfirm();
    setBusy(false);
    if (outcome && !outcome.ok) {
      setErrors([{ fieldId: null, message: outcome.message }]);
      setAttempt((n) => n + 1);
    }
  };

  return (
    <>
      <ErrorSummary title={t.bookingFailedTitle} errors={errors} focusKey={attempt} />
      <HeldNote hold={hold} />
      <SummaryList rows={rows} id="review-summary" />
      <p class="form__help">{t.cancelRule(type.cancelDeadlineMinutes)}</p>
      <button
        type="button"
        class="hds-button hds-button--primary form__submit"
        id="confirm-booking"
        aria-disabled={busy ? 'true' : undefined}
        onClick={submit}
      >
        <span class="hds-icon hds-icon--check hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{busy ? t.confirming : t.confirmBooking}</span>
      </button>
    </>
  );
}

function DoneStep({ booking }: { booking: Booking }) {
  const { t, lang, locale } = useI18n();
  useAnnounce(t.bookedAnnouncement);
  return (
    <>
      <Notice type="success" title={t.bookedNotice} id="booking-confirmed">
        <p>{booking.appointmentType?.name}</p>
      </Notice>
      <SummaryList rows={bookingRows(booking, t, lang, locale)} id="done-summary" />
      <PushOptIn context="booking" />
      <BookingLinks booking={booking} />
      <ul class="plain-list next-links">
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.appointment(booking.id)} id="booking-detail-link">
            {t.viewBooking}
          </a>
        </li>
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.appointments()} id="my-appointments-link">
            {t.myAppointmentsTitle}
          </a>
        </li>
      </ul>
    </>
  );
}

function AlreadyBooked({ booking, onAnother }: { booking: Booking; onAnother: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <Notice type="info" title={t.alreadyBooked} id="already-booked">
        <p>
          <a class="hds-link block-link" href={paths.appointment(booking.id)}>
            {t.viewBooking}
          </a>
        </p>
      </Notice>
      <button type="button" class="hds-button hds-button--secondary" id="book-another" onClick={onAnother}>
        <span class="hds-button__label">{t.bookAnother}</span>
      </button>
    </>
  );
}

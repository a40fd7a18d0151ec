/**
 * The parts of booking that several screens use: the day picker (only days with free times),
 * the time step (a radio group, "slot just taken" with the nearest alternatives), the questions
 * form, a booking's summary, its status label and its calendar and directions links.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { answerText, icsUrl, nearestSlots, sameInstant, slotsByDate, type Outcome } from '../booking.ts';
import {
  addDays,
  addMonths,
  directionsUrl,
  formatAddress,
  formatClock,
  formatLongDate,
  formatMonth,
  formatTimeRange,
  helsinkiDateTime,
  helsinkiToday,
  monthEnd,
} from '../format.ts';
import { runQuery } from '../graphql/client.ts';
import { useQuery } from '../graphql/hooks.ts';
import { Availability } from '../graphql/operations.ts';
import type { Answers, Booking, BookingQuestion, BookingStatus, Slot } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { Empty, ErrorState, ErrorSummary, Loading, useAnnounce, type FieldError } from './common.tsx';

// ---------------------------------------------------------------- day picker

/**
 * The days of one month that have free times, as buttons ("Tuesday 1 December, 12 free times").
 * One tab stop: the arrow keys, Home and End move between the days. The month is asked for at once
 * (one availability query); the first month with free times is shown at the start.
 */
export function DayPicker({
  typeId,
  horizonDays,
  selected,
  onPick,
}: {
  typeId: string;
  horizonDays: number;
  selected: string | null;
  onPick: (date: string) => void;
}) {
  const { t, locale } = useI18n();
  const today = helsinkiToday();
  const lastDay = addDays(today, Math.max(0, horizonDays));
  const firstMonth = today.slice(0, 7);
  const lastMonth = lastDay.slice(0, 7);
  const [month, setMonth] = useState(() => {
    const wanted = selected?.slice(0, 7) ?? firstMonth;
    return wanted < firstMonth || wanted > lastMonth ? firstMonth : wanted;
  });
  /** Until someone turns the month themselves, an empty month moves on to the next one. */
  const autoAdvance = useRef(!selected);
  const from = `${month}-01` < today ? today : `${month}-01`;
  const to = monthEnd(month) > lastDay ? lastDay : monthEnd(month);
  const result = useQuery(Availability, { appointmentTypeId: typeId, from, to }, from > to);
  const days = useMemo(
    () => (result.status === 'ok' ? [...slotsByDate(result.data.availability)] : []),
    [result],
  );
  const hasPrevious = month > firstMonth;
  const hasNext = month < lastMonth;
  const monthName = formatMonth(month, locale);
  const ready = result.status === 'ok' || from > to;

  useEffect(() => {
    if (!ready) return;
    if (days.length === 0 && autoAdvance.current && hasNext) {
      setMonth(addMonths(month, 1));
      return;
    }
    autoAdvance.current = false;
  }, [ready, days.length, hasNext, month]);

  useAnnounce(ready && !autoAdvance.current ? `${monthName}: ${t.freeDays(days.length)}` : null);

  const turn = (step: number) => {
    autoAdvance.current = false;
    setMonth(addMonths(month, step));
  };

  return (
    <div class="day-picker">
      <div class="month-nav">
        <button
          type="button"
          class="hds-button hds-button--secondary hds-button--small month-nav__button"
          id="previous-month"
          aria-disabled={hasPrevious ? undefined : 'true'}
          onClick={hasPrevious ? () => turn(-1) : undefined}
        >
          <span class="hds-icon hds-icon--angle-left hds-icon--size-s" aria-hidden="true" />
          <span class="sr-only">{t.previousMonth}</span>
        </button>
        <h2 class="month-nav__heading" id="month-heading">
          {monthName}
        </h2>
        <button
          type="button"
          class="hds-button hds-button--secondary hds-button--small month-nav__button"
          id="next-month"
          aria-disabled={hasNext ? undefined : 'true'}
          onClick={hasNext ? () => turn(1) : undefined}
        >
          <span class="sr-only">{t.nextMonth}</span>
          <span class="hds-icon hds-icon--angle-right hds-icon--size-s" aria-hidden="true" />
        </button>
      </div>
      {result.status === 'loading' && from <= to ? <Loading label={t.loadingFreeTimes} /> : null}
      {result.status === 'error' ? <ErrorState error={result.error} onRetry={result.retry} /> : null}
      {ready && days.length === 0 && !autoAdvance.current ? (
        <Empty>{hasNext ? t.noFreeDaysInMonth(monthName) : t.noFreeDaysAtAll}</Empty>
      ) : null}
      {ready && days.length > 0 ? (
        <DayList days={days} selected={selected} onPick={onPick} key={month} />
      ) : null}
    </div>
  );
}

function DayList({
  days,
  selected,
  onPick,
}: {
  days: [string, Slot[]][];
  selected: string | null;
  onPick: (date: string) => void;
}) {
  const { t, locale } = useI18n();
  const start = Math.max(0, days.findIndex(([date]) => date === selected));
  const [active, setActive] = useState(start);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent) => {
    let next = active;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = Math.min(days.length - 1, active + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = Math.max(0, active - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = days.length - 1;
    else return;
    event.preventDefault();
    setActive(next);
    refs.current[next]?.focus();
  };

  return (
    <>
      <p class="form__help" id="day-list-help">
        {t.dayListHelp}
      </p>
      <ul
        class="day-list"
        id="day-list"
        aria-labelledby="month-heading"
        aria-describedby="day-list-help"
        onKeyDown={onKeyDown}
      >
        {days.map(([date, slots], i) => {
          const label = formatLongDate(date, locale);
          const count = t.freeTimes(slots.length);
          return (
            <li key={date}>
              <button
                type="button"
                class="day-option"
                ref={(el) => {
                  refs.current[i] = el;
                }}
                tabIndex={i === active ? 0 : -1}
                aria-current={date === selected ? 'date' : undefined}
                data-date={date}
                onFocus={() => setActive(i)}
                onClick={() => onPick(date)}
              >
                <span class="day-option__date">
                  {label}
                  <span class="day-option__comma">,</span>
                </span>{' '}
                <span class="day-option__count">{count}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}

// ---------------------------------------------------------------- time step

type Taken = { startsAt: string; message: string; alternatives: Slot[] | null };

/**
 * The free times of one day as a radio group and a button that takes the chosen one (holds it,
 * or moves a booking to it). When someone else was quicker (SLOT_TAKEN), the day is loaded again
 * and the nearest free times around the taken one are offered as quick choices.
 */
export function TimeStep({
  typeId,
  date,
  horizonDays,
  durationMinutes,
  initial,
  held = null,
  submitLabel,
  busyLabel,
  dayHref,
  onSubmit,
}: {
  typeId: string;
  date: string;
  horizonDays: number;
  durationMinutes: number;
  initial: string | null;
  /** A time this person holds already on this day (not free to others, so not in the list). */
  held?: Slot | null;
  submitLabel: string;
  busyLabel: string;
  /** The day step, to choose another day. */
  dayHref: string;
  /** Take the slot; null when done (the caller moves on), else why not. */
  onSubmit: (slot: Slot) => Promise<Outcome<unknown> | null>;
}) {
  const { t, lang, locale } = useI18n();
  const day = useQuery(Availability, { appointmentTypeId: typeId, from: date, to: date });
  const slots = useMemo(() => {
    const free = day.status === 'ok' ? day.data.availability : [];
    if (!held || free.some((s) => sameInstant(s.startsAt, held.startsAt))) return free;
    return [...free, held].sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
  }, [day, held?.startsAt]);
  const [chosen, setChosen] = useState<string | null>(initial);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [taken, setTaken] = useState<Taken | null>(null);
  const takenRef = useRef<HTMLDivElement>(null);
  const dayLabel = formatLongDate(date, locale);
  const firstRadioId = 'time-option-0';

  useAnnounce(day.status === 'ok' && !taken ? t.freeTimesOn(dayLabel, slots.length) : null);

  useLayoutEffect(() => {
    if (taken) takenRef.current?.focus();
  }, [taken?.startsAt, taken?.alternatives === null]);

  const fail = (found: FieldError[]) => {
    setErrors(found);
    setAttempt((n) => n + 1);
  };

  /** Someone took it: the day again, and the nearest free times a week either side. */
  const offerAlternatives = async (startsAt: string, message: string) => {
    setTaken({ startsAt, message, alternatives: null });
    setChosen(null);
    day.retry();
    const today = helsinkiToday();
    const last = addDays(today, horizonDays);
    const from = addDays(date, -7) < today ? today : addDays(date, -7);
    const to = addDays(date, 7) > last ? last : addDays(date, 7);
    let alternatives: Slot[] = [];
    try {
      const { data } = await runQuery(Availability, { appointmentTypeId: typeId, from, to }, lang);
      alternatives = nearestSlots(data.availability, startsAt, 3);
    } catch {
      alternatives = [];
    }
    setTaken({ startsAt, message, alternatives });
  };

  const take = async (slot: Slot) => {
    if (busy) return;
    setBusy(true);
    setErrors([]);
    const outcome = await onSubmit(slot);
    setBusy(false);
    if (!outcome || outcome.ok) return;
    if (outcome.code === 'SLOT_TAKEN') {
      void offerAlternatives(slot.startsAt, outcome.message);
      return;
    }
    fail([{ fieldId: null, message: outcome.message }]);
  };

  const onContinue = (event: Event) => {
    event.preventDefault();
    const slot = slots.find((s) => chosen && sameInstant(s.startsAt, chosen));
    if (!slot) {
      fail([{ fieldId: slots.length ? firstRadioId : null, message: t.errorChooseTime }]);
      return;
    }
    setTaken(null);
    void take(slot);
  };

  return (
    <div class="time-step">
      <p class="form__help">{t.durationNote(durationMinutes)}</p>
      {taken ? (
        <div
          class="hds-notification hds-notification--alert notice slot-taken"
          id="slot-taken"
          tabIndex={-1}
          ref={takenRef}
          aria-labelledby="slot-taken-title"
        >
          <div class="hds-notification__content" role="alert">
            <p class="hds-notification__label" id="slot-taken-title">
              <span class="hds-icon hds-icon--alert-circle-fill hds-icon--size-s" aria-hidden="true" />
              <span>{t.slotTakenTitle}</span>
            </p>
            <div class="hds-notification__body">
              <p>{taken.message}</p>
              {taken.alternatives === null ? <p>{t.findingAlternatives}</p> : null}
              {taken.alternatives && taken.alternatives.length ? (
                <>
                  <p id="alternatives-intro">{t.nearestAlternatives}</p>
                  <ul class="alternatives" aria-labelledby="alternatives-intro" id="alternatives">
                    {taken.alternatives.map((slot) => {
                      const when = helsinkiDateTime(slot.startsAt);
                      return (
                        <li key={slot.startsAt}>
                          <button
                            type="button"
                            class="hds-button hds-button--secondary alternative"
                            aria-disabled={busy ? 'true' : undefined}
                            onClick={() => {
                              setChosen(slot.startsAt);
                              void take(slot);
                            }}
                          >
                            <span class="hds-button__label">
                              {t.dateAtTime(formatLongDate(when.date, locale), formatClock(slot.startsAt, lang))}
                            </span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : null}
              {taken.alternatives && !taken.alternatives.length ? <p>{t.noAlternatives}</p> : null}
              <p>
                <a class="hds-link block-link" href={dayHref}>
                  {t.chooseAnotherDay}
                </a>
              </p>
            </div>
          </div>
        </div>
      ) : null}
      <ErrorSummary title={t.errorSummaryTitle} errors={errors} focusKey={attempt} />
      {day.status === 'loading' ? <Loading label={t.loadingFreeTimes} /> : null}
      {day.status === 'error' ? <ErrorState error={day.error} onRetry={day.retry} /> : null}
      {day.status === 'ok' && slots.length === 0 ? (
        <>
          <Empty>{t.noFreeTimesLeft}</Empty>
          <p>
            <a class="hds-link hds-link--medium block-link" href={dayHref}>
              {t.chooseAnotherDay}
            </a>
          </p>
        </>
      ) : null}
      {day.status === 'ok' && slots.length > 0 ? (
        <form class="form" id="time-form" noValidate onSubmit={onContinue}>
          <fieldset class="hds-fieldset form__field time-group" id="time-group">
            <legend class="hds-fieldset-legend">{t.freeTimesLegend(dayLabel)}</legend>
            <div class="time-grid">
              {slots.map((slot, i) => {
                const id = `time-option-${i}`;
                return (
                  <div class="hds-radio-button choice time-option" key={slot.startsAt}>
                    <input
                      type="radio"
                      class="hds-radio-button__input"
                      id={id}
                      name="time"
                      value={slot.startsAt}
                      checked={chosen !== null && sameInstant(chosen, slot.startsAt)}
                      onChange={() => setChosen(slot.startsAt)}
                    />
                    <label class="hds-radio-button__label" for={id}>
                      <span>
                        {formatClock(slot.startsAt, lang)}
                        {slot.seatsLeft > 1 ? (
                          <span class="time-option__seats"> {t.seatsLeft(slot.seatsLeft)}</span>
                        ) : null}
                      </span>
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
          <button
            type="submit"
            class="hds-button hds-button--primary form__submit"
            id="time-submit"
            aria-disabled={busy ? 'true' : undefined}
          >
            <span class="hds-button__label">{busy ? busyLabel : submitLabel}</span>
          </button>
        </form>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------- questions

export function questionFieldId(key: string): string {
  return `question-${key.replace(/[^\w-]/g, '_')}`;
}

/** The appointment type's questions; required ones are checked here before the server does. */
export function QuestionsForm({
  questions,
  initial,
  serverErrors,
  submitLabel,
  onSubmit,
}: {
  questions: BookingQuestion[];
  initial: Answers;
  serverErrors: FieldError[];
  submitLabel: string;
  onSubmit: (answers: Answers) => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string | boolean>>(() => {
    const start: Record<string, string | boolean> = {};
    for (const q of questions) {
      const v = initial[q.key];
      start[q.key] = q.type === 'boolean' ? v === true : v === undefined ? '' : String(v);
    }
    return start;
  });
  const [errors, setErrors] = useState<FieldError[]>(serverErrors);
  const [attempt, setAttempt] = useState(serverErrors.length ? 1 : 0);

  const set = (key: string, value: string | boolean) => setValues((prev) => ({ ...prev, [key]: value }));

  const submit = (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const answers: Answers = {};
    for (const q of questions) {
      const value = values[q.key];
      const id = q.type === 'choice' ? `${questionFieldId(q.key)}-0` : questionFieldId(q.key);
      if (q.type === 'boolean') {
        if (value === true) answers[q.key] = true;
        else if (q.required) found.push({ fieldId: id, message: t.errorAnswerRequired(q.label) });
        else answers[q.key] = false;
        continue;
      }
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) {
        if (q.required) found.push({ fieldId: id, message: t.errorAnswerRequired(q.label) });
        continue;
      }
      if (q.type === 'number') {
        const number = Number(text.replace(',', '.'));
        if (!Number.isFinite(number)) {
          found.push({ fieldId: id, message: t.errorAnswerNumber(q.label) });
          continue;
        }
        answers[q.key] = number;
      } else {
        answers[q.key] = text;
      }
    }
    if (found.length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    onSubmit(answers);
  };

  const errorOf = (q: BookingQuestion) =>
    errors.find((e) => e.fieldId === questionFieldId(q.key) || e.fieldId === `${questionFieldId(q.key)}-0`) ?? null;

  return (
    <>
      <ErrorSummary title={t.errorSummaryTitle} errors={errors} focusKey={attempt} />
      <form class="form narrow" id="questions-form" noValidate onSubmit={submit}>
        {questions.map((q) => {
          const id = questionFieldId(q.key);
          const error = errorOf(q);
          const errorId = `${id}-error`;
          const label = (
            <>
              {q.label}
              {q.required ? null : <span class="optional"> ({t.optional})</span>}
            </>
          );
          const errorText = error ? (
            <span class="hds-text-input__error-text" id={errorId}>
              {error.message}
            </span>
          ) : null;
          if (q.type === 'choice') {
            return (
              <fieldset
                class="hds-fieldset form__field choice-group"
                id={id}
                key={q.key}
                aria-describedby={error ? errorId : undefined}
              >
                <legend class="hds-fieldset-legend">{label}</legend>
                {errorText}
                {q.options.map((option, i) => (
                  <div class="hds-radio-button choice" key={option.value}>
                    <input
                      type="radio"
                      class="hds-radio-button__input"
                      id={`${id}-${i}`}
                      name={id}
                      value={option.value}
                      checked={values[q.key] === option.value}
                      aria-invalid={error ? 'true' : undefined}
                      onChange={() => set(q.key, option.value)}
                    />
                    <label class="hds-radio-button__label" for={`${id}-${i}`}>
                      {option.label}
                    </label>
                  </div>
                ))}
              </fieldset>
            );
          }
          if (q.type === 'boolean') {
            return (
              <div class="hds-checkbox form__field choice-check" key={q.key}>
                <input
                  type="checkbox"
                  class="hds-checkbox__input"
                  id={id}
                  checked={values[q.key] === true}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={error ? errorId : undefined}
                  onChange={(e) => set(q.key, (e.currentTarget as HTMLInputElement).checked)}
                />
                <label class="hds-checkbox__label" for={id}>
                  {label}
                </label>
                {errorText}
              </div>
            );
          }
          return (
            <div class={`hds-text-input form__field${error ? ' hds-text-input--invalid' : ''}`} key={q.key}>
              <label class="hds-text-input__label" for={id}>
                {label}
              </label>
              <div class="hds-text-input__input-wrapper">
                {q.type === 'number' ? (
                  <input
                    id={id}
                    class="hds-text-input__input"
                    type="text"
                    inputMode="decimal"
                    value={String(values[q.key] ?? '')}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error ? errorId : undefined}
                    onInput={(e) => set(q.key, (e.currentTarget as HTMLInputElement).value)}
                  />
                ) : (
                  <textarea
                    id={id}
                    class="hds-text-input__input"
                    rows={3}
                    maxLength={2000}
                    value={String(values[q.key] ?? '')}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error ? errorId : undefined}
                    onInput={(e) => set(q.key, (e.currentTarget as HTMLTextAreaElement).value)}
                  />
                )}
              </div>
              {errorText}
            </div>
          );
        })}
        <button type="submit" class="hds-button hds-button--primary form__submit" id="questions-submit">
          <span class="hds-button__label">{submitLabel}</span>
        </button>
      </form>
    </>
  );
}

// ---------------------------------------------------------------- a booking

const STATUS_KIND: Record<BookingStatus, 'success' | 'info' | 'alert' | 'error' | null> = {
  CONFIRMED: 'success',
  CHECKED_IN: 'info',
  HELD: 'alert',
  CANCELLED: 'error',
  NO_SHOW: 'error',
  EXPIRED: null,
};

export function StatusLabel({ status, id }: { status: BookingStatus; id?: string }) {
  const { t } = useI18n();
  const kind = STATUS_KIND[status];
  return (
    <span class={`hds-status-label${kind ? ` hds-status-label--${kind}` : ''} status-label`} id={id} data-status={status}>
      {t.bookingStatus[status]}
    </span>
  );
}

export interface SummaryRow {
  label: string;
  value: ComponentChildren;
  /** A link to change it (review step). */
  change?: { href: string; label: string };
}

export function SummaryList({ rows, id }: { rows: SummaryRow[]; id?: string }) {
  const { t } = useI18n();
  return (
    <dl class="summary-list" id={id}>
      {rows.map((row) => (
        <div class="summary-list__row" key={row.label}>
          <dt>{row.label}</dt>
          <dd>
            <span class="summary-list__value">{row.value}</span>
            {row.change ? (
              <a class="hds-link summary-list__change" href={row.change.href}>
                {t.change}
                <span class="sr-only"> {row.change.label}</span>
              </a>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Date, time, place and the answers of a booking (or of one being made). */
export function bookingRows(
  booking: Pick<Booking, 'startsAt' | 'endsAt' | 'answers' | 'appointmentType'>,
  t: ReturnType<typeof useI18n>['t'],
  lang: ReturnType<typeof useI18n>['lang'],
  locale: string,
): SummaryRow[] {
  const type = booking.appointmentType;
  const { date } = helsinkiDateTime(booking.startsAt);
  const rows: SummaryRow[] = [
    { label: t.summaryDate, value: formatLongDate(date, locale) },
    { label: t.summaryTime, value: formatTimeRange(booking.startsAt, booking.endsAt, lang) },
  ];
  if (type) {
    const address = formatAddress(type.unit);
    rows.push({
      label: t.summaryPlace,
      value: (
        <>
          {type.unit.name}
          {address ? <span class="summary-list__meta">{address}</span> : null}
        </>
      ),
    });
    for (const q of type.questions) {
      const text = answerText(q, booking.answers[q.key], t);
      if (text !== null) rows.push({ label: q.label, value: <span class="preserve-lines">{text}</span> });
    }
  }
  return rows;
}

/** Add to calendar (.ics) and the route there. */
export function BookingLinks({ booking }: { booking: Booking }) {
  const { t, lang } = useI18n();
  const unit = booking.appointmentType?.unit ?? null;
  const route = unit ? directionsUrl(unit, lang) : null;
  return (
    <ul class="plain-list booking-links">
      {booking.status === 'CONFIRMED' ? (
        <li>
          <a class="hds-link hds-link--medium block-link" href={icsUrl(booking.id, lang)} download id="ics-link">
            <span class="hds-icon hds-icon--calendar-plus hds-icon--size-s" aria-hidden="true" />
            {t.addToCalendar}
          </a>
        </li>
      ) : null}
      {route ? (
        <li>
          <a class="hds-link hds-link--medium block-link" href={route} id="directions-link" rel="noopener">
            <span class="hds-icon hds-icon--map hds-icon--size-s" aria-hidden="true" />
            {t.directions}
          </a>
        </li>
      ) : null}
      {unit?.phone ? (
        <li>
          <a class="hds-link hds-link--medium block-link" href={`tel:${unit.phone.replace(/[^\d+]/g, '')}`}>
            <span class="hds-icon hds-icon--phone hds-icon--size-s" aria-hidden="true" />
            {t.callUnit(unit.phone)}
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/** Polite progress line such as "Step 2 of 5". */
export function StepCaption({ children }: { children: ComponentChildren }) {
  return <p class="step-caption">{children}</p>;
}

/** A "Back" link to the previous step (a real link: it works without script and in new tabs). */
export function BackLink({ href, label }: { href: string; label?: string }) {
  const { t } = useI18n();
  return (
    <a class="hds-link back-link" href={href} id="back-link">
      <span class="hds-icon hds-icon--arrow-left hds-icon--size-s" aria-hidden="true" />
      <span>{label ?? t.back}</span>
    </a>
  );
}

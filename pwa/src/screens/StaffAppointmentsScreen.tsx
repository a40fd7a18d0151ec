/**
 * Staff: the appointments of their units, a day or a week at a time, with check-in and no-show.
 * The unit, date and view are in the address (?unit=&date=&view=week), kept up to date without a
 * new screen so that focus stays on the button that changed them.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { answerText, runMutation } from '../booking.ts';
import { StatusLabel } from '../components/booking.tsx';
import { Empty, ErrorState, Loading, useAnnounce } from '../components/common.tsx';
import {
  addDays,
  formatClock,
  formatDayMonth,
  formatLongDate,
  formatTimeRange,
  helsinkiDateTime,
  helsinkiToday,
  isDate,
  weekStart,
} from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import { MarkAttendance, ScopeNames, UnitAppointments } from '../graphql/operations.ts';
import type { AttendanceStatus, BookingStatus, UnitBooking } from '../graphql/types.ts';
import { useI18n } from '../i18n/index.ts';
import { paths, replaceQuietly, type Route } from '../router.ts';
import { announce } from '../store.ts';
import { StaffUnitPage } from '../components/staff.tsx';

type StaffRoute = Extract<Route, { name: 'staffAppointments' }>;

export function StaffAppointmentsScreen({ route }: { route: StaffRoute }) {
  const { t } = useI18n();
  return (
    <StaffUnitPage
      title={t.staffAppointmentsTitle}
      here={paths.staffAppointments({ unit: route.unitId, date: route.date, view: route.view })}
    >
      {(units) => <UnitCalendar units={units} route={route} />}
    </StaffUnitPage>
  );
}

function UnitCalendar({ units, route }: { units: string[]; route: StaffRoute }) {
  const { t, locale } = useI18n();
  const today = helsinkiToday();
  const [unitId, setUnitId] = useState(route.unitId && units.includes(route.unitId) ? route.unitId : units[0]!);
  const [date, setDate] = useState(isDate(route.date) ? route.date : today);
  const [view, setView] = useState<'day' | 'week'>(route.view);
  const names = useQuery(ScopeNames, { ids: units });
  const nameOf = (id: string) =>
    (names.status === 'ok' ? names.data.nodes.find((n) => n?.id === id)?.name : undefined) ?? t.unitFallbackTitle;

  useEffect(() => {
    replaceQuietly(
      paths.staffAppointments({ unit: unitId === units[0] ? null : unitId, date: date === today ? null : date, view }),
    );
  }, [unitId, date, view]);

  const from = view === 'week' ? weekStart(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;
  const result = useQuery(UnitAppointments, { unitId, from, to });
  const [marked, setMarked] = useState<Record<string, BookingStatus>>({});
  const bookings = useMemo(
    () =>
      result.status === 'ok'
        ? [...result.data.unitAppointments]
            .map((b) => (marked[b.id] ? { ...b, status: marked[b.id]! } : b))
            .sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime())
        : [],
    [result, marked],
  );
  const rangeTitle =
    view === 'week'
      ? t.weekRange(formatDayMonth(from, locale), formatDayMonth(to, locale, true))
      : formatLongDate(date, locale, true);
  useAnnounce(result.status === 'ok' ? `${rangeTitle}: ${t.appointmentsCount(bookings.length)}` : null);

  const step = view === 'week' ? 7 : 1;
  const byDay = new Map<string, UnitBooking[]>();
  for (const booking of bookings) {
    const day = helsinkiDateTime(booking.startsAt).date;
    byDay.set(day, [...(byDay.get(day) ?? []), booking]);
  }

  return (
    <div class="staff-calendar">
      {units.length > 1 ? (
        <div class="form__field staff-calendar__unit">
          <label class="hds-text-input__label" for="staff-unit">
            {t.staffUnitLabel}
          </label>
          <select
            id="staff-unit"
            class="select"
            value={unitId}
            onChange={(e) => setUnitId((e.currentTarget as HTMLSelectElement).value)}
          >
            {units.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p class="meta-line" id="staff-unit-name">
          <span class="meta-line__label">{t.staffUnitLabel}: </span>
          {nameOf(unitId)}
        </p>
      )}
      <p>
        <a
          class="hds-link block-link"
          href={paths.staffSchedule({ unit: unitId === units[0] ? null : unitId, date: date === today ? null : date })}
          id="staff-schedule-link"
        >
          <span class="hds-icon hds-icon--clock hds-icon--size-s" aria-hidden="true" />
          <span>{t.staffScheduleLink}</span>
        </a>
      </p>
      <div class="staff-calendar__controls">
        <div class="segmented" role="group" aria-label={t.viewLabel}>
          {(['day', 'week'] as const).map((v) => (
            <button
              type="button"
              key={v}
              class="segmented__button"
              id={`view-${v}`}
              aria-pressed={view === v ? 'true' : 'false'}
              onClick={() => setView(v)}
            >
              {v === 'day' ? t.viewDay : t.viewWeek}
            </button>
          ))}
        </div>
        <div class="date-nav" role="group" aria-label={t.dateNavLabel}>
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="date-previous"
            onClick={() => setDate(addDays(date, -step))}
          >
            <span class="hds-icon hds-icon--angle-left hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{view === 'week' ? t.previousWeek : t.previousDay}</span>
          </button>
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="date-today"
            aria-disabled={date === today ? 'true' : undefined}
            onClick={() => setDate(today)}
          >
            <span class="hds-button__label">{t.today}</span>
          </button>
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="date-next"
            onClick={() => setDate(addDays(date, step))}
          >
            <span class="hds-button__label">{view === 'week' ? t.nextWeek : t.nextDay}</span>
            <span class="hds-icon hds-icon--angle-right hds-icon--size-s" aria-hidden="true" />
          </button>
        </div>
      </div>
      <section class="section" aria-labelledby="range-heading" id="staff-bookings">
        <h2 class="section__heading" id="range-heading">
          {rangeTitle}
          {result.status === 'ok' ? <span class="section__count"> ({bookings.length})</span> : null}
        </h2>
        {result.status === 'loading' ? <Loading /> : null}
        {result.status === 'error' ? <ErrorState error={result.error} onRetry={result.retry} /> : null}
        {result.status === 'ok' && bookings.length === 0 ? (
          <Empty>{view === 'week' ? t.noAppointmentsWeek : t.noAppointmentsDay}</Empty>
        ) : null}
        {result.status === 'ok' && bookings.length > 0 && view === 'day' ? (
          <StaffBookingList bookings={bookings} onMarked={(id, s) => setMarked((m) => ({ ...m, [id]: s }))} />
        ) : null}
        {result.status === 'ok' && bookings.length > 0 && view === 'week'
          ? [...byDay].map(([day, list]) => (
              <section class="staff-day" key={day} aria-labelledby={`day-${day}`}>
                <h3 class="staff-day__heading" id={`day-${day}`}>
                  {formatLongDate(day, locale)}
                  {day === today ? <span class="hours-table__today-label"> ({t.today.toLowerCase()})</span> : null}
                </h3>
                <StaffBookingList bookings={list} onMarked={(id, s) => setMarked((m) => ({ ...m, [id]: s }))} />
              </section>
            ))
          : null}
      </section>
    </div>
  );
}

function StaffBookingList({
  bookings,
  onMarked,
}: {
  bookings: UnitBooking[];
  onMarked: (id: string, status: BookingStatus) => void;
}) {
  return (
    <ul class="staff-bookings">
      {bookings.map((booking) => (
        <StaffBookingItem booking={booking} onMarked={onMarked} key={booking.id} />
      ))}
    </ul>
  );
}

function StaffBookingItem({
  booking,
  onMarked,
}: {
  booking: UnitBooking;
  onMarked: (id: string, status: BookingStatus) => void;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<AttendanceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const who = booking.customerName ?? t.customerUnknown;
  const time = formatTimeRange(booking.startsAt, booking.endsAt, lang);
  const markable = booking.status === 'CONFIRMED' || booking.status === 'CHECKED_IN' || booking.status === 'NO_SHOW';
  const titleId = `booking-${booking.id.replace(/[^\w-]/g, '')}`;

  const mark = async (attendance: AttendanceStatus) => {
    if (busy || booking.status === attendance) return;
    setBusy(attendance);
    setError(null);
    const outcome = await runMutation(
      MarkAttendance,
      { input: { bookingId: booking.id, attendance } },
      lang,
      t,
      (d) => d.markAttendance,
    );
    setBusy(null);
    if (outcome.ok && outcome.value.booking) {
      onMarked(booking.id, outcome.value.booking.status);
      announce(t.attendanceMarked(t.bookingStatus[outcome.value.booking.status], who, formatClock(booking.startsAt, lang)));
    } else {
      setError(outcome.ok ? t.actionFailed : outcome.message);
    }
  };

  const answers = (booking.appointmentType?.questions ?? [])
    .map((q) => ({ label: q.label, text: answerText(q, booking.answers[q.key], t) }))
    .filter((a): a is { label: string; text: string } => a.text !== null);

  return (
    <li class="staff-booking" data-status={booking.status}>
      <p class="staff-booking__title" id={titleId}>
        <span class="staff-booking__time">{time}</span> <span class="staff-booking__name">{who}</span>
      </p>
      <p class="result-list__meta">
        {booking.appointmentType?.name ?? t.appointmentFallbackTitle}
        {booking.resourceName ? ` · ${booking.resourceName}` : ''}
      </p>
      <p class="staff-booking__status">
        <StatusLabel status={booking.status} />
      </p>
      {answers.length ? (
        <dl class="staff-booking__answers">
          {answers.map((a) => (
            <div key={a.label}>
              <dt>{a.label}</dt>
              <dd class="preserve-lines">{a.text}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {booking.status === 'CANCELLED' && booking.cancelReason ? (
        <p class="result-list__meta">
          {t.cancelReasonLabel}: {booking.cancelReason}
        </p>
      ) : null}
      {markable ? (
        <div class="button-row attendance">
          {(['CHECKED_IN', 'NO_SHOW'] as const).map((status) => (
            <button
              type="button"
              key={status}
              class={`hds-button hds-button--small ${booking.status === status ? 'hds-button--primary' : 'hds-button--secondary'}`}
              data-attendance={status}
              aria-pressed={booking.status === status ? 'true' : 'false'}
              aria-disabled={busy ? 'true' : undefined}
              aria-label={`${status === 'CHECKED_IN' ? t.markCheckedIn : t.markNoShow}: ${who}, ${time}`}
              onClick={() => void mark(status)}
            >
              <span class="hds-button__label">{status === 'CHECKED_IN' ? t.markCheckedIn : t.markNoShow}</span>
            </button>
          ))}
        </div>
      ) : null}
      {error ? (
        <p class="staff-booking__error" role="alert">
          <span class="hds-icon hds-icon--error-fill hds-icon--size-s" aria-hidden="true" />
          {error}
        </p>
      ) : null}
    </li>
  );
}

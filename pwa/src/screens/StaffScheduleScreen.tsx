/**
 * Staff: a unit's working hours and blocked time. Read-only: the resources with their weekly
 * schedules (breaks are the gaps) and coming exceptions, the appointment types with their settings,
 * a week day by day (public holidays, what each resource works, what is blocked). Handlers and
 * admins of the unit can also block time on a resource and unblock it (with a confirmation step).
 * The unit and the week are in the address (?unit=&date=), kept up to date without a new screen.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { runMutation } from '../booking.ts';
import {
  Empty,
  ErrorState,
  ErrorSummary,
  Loading,
  SavedNote,
  useAnnounce,
  type FieldError,
} from '../components/common.tsx';
import {
  addDays,
  clockMinutes,
  formatDayMonth,
  formatIntervals,
  formatLongDate,
  formatTime,
  helsinkiDateTime,
  helsinkiInstant,
  helsinkiToday,
  isDate,
  weekdayName,
  weekStart,
} from '../format.ts';
import type { QueryState } from '../graphql/hooks.ts';
import { useQuery } from '../graphql/hooks.ts';
import {
  BlockTime,
  ScopeNames,
  UnblockTime,
  UnitAppointmentTypes,
  UnitDays,
  UnitResources,
  UnitTimeBlocks,
} from '../graphql/operations.ts';
import type {
  LocalizedText,
  Me,
  ResourceException,
  StaffAppointmentType,
  StaffResource,
  TimeBlock,
  UnitDay,
} from '../graphql/types.ts';
import { useI18n, type Lang, type Messages } from '../i18n/index.ts';
import { paths, replaceQuietly, type Route } from '../router.ts';
import { StaffUnitPage } from '../components/staff.tsx';
import { scopeGlobalId } from './StaffScreen.tsx';

type ScheduleRoute = Extract<Route, { name: 'staffSchedule' }>;

const MAX_REASON = 500;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Whether this person may block time at the unit (admins, and handlers of the unit or of everything). */
export function canManageUnit(me: Me, unitId: string): boolean {
  if (me.isAdmin) return true;
  return me.user.roles.some(
    (g) =>
      (g.role === 'ADMIN' || g.role === 'HANDLER') &&
      (g.scopeType === 'GLOBAL' || (g.scopeType === 'UNIT' && scopeGlobalId(g) === unitId)),
  );
}

function pick(text: LocalizedText, lang: Lang): string {
  return text[lang] || text.fi;
}

/** 30 → "30 min", 60 → "1 tunti", 1440 → "24 tuntia". */
function formatMinutes(minutes: number, t: Messages): string {
  return minutes >= 60 && minutes % 60 === 0 ? t.hours(minutes / 60) : t.minutes(minutes);
}

/** "Maanantai 12. tammikuuta klo 12.00–13.00", or both ends in full when the block spans days. */
function blockWhen(block: { startsAt: string; endsAt: string }, t: Messages, lang: Lang, locale: string): string {
  const start = helsinkiDateTime(block.startsAt);
  const end = helsinkiDateTime(block.endsAt);
  const sameDay = start.date === end.date || (end.time === '00:00' && addDays(start.date, 1) === end.date);
  if (sameDay) {
    const endTime = end.date === start.date ? end.time : '24:00';
    return t.dateAtTime(formatLongDate(start.date, locale), `${formatTime(start.time, lang)}–${formatTime(endTime, lang)}`);
  }
  return `${t.dateAtTime(formatLongDate(start.date, locale), formatTime(start.time, lang))} – ${t.dateAtTime(
    formatLongDate(end.date, locale),
    formatTime(end.time, lang),
  )}`;
}

/** The part of a block on one local date, "12.00–13.00", or null when it is not on that date. */
function blockOnDay(block: TimeBlock, day: string, lang: Lang): string | null {
  const dayStart = new Date(helsinkiInstant(day, '00:00')).getTime();
  const dayEnd = new Date(helsinkiInstant(addDays(day, 1), '00:00')).getTime();
  const starts = new Date(block.startsAt).getTime();
  const ends = new Date(block.endsAt).getTime();
  if (starts >= dayEnd || ends <= dayStart) return null;
  const from = starts <= dayStart ? '00:00' : helsinkiDateTime(block.startsAt).time;
  const to = ends >= dayEnd ? '24:00' : helsinkiDateTime(block.endsAt).time;
  return `${formatTime(from, lang)}–${formatTime(to, lang)}`;
}

/**
 * While a query reloads with the same variables (after a change), the data it had: lists do not
 * flash away and back.
 */
function useKeptData<T>(state: QueryState<T>, key: string): T | null {
  const kept = useRef<{ key: string; data: T } | null>(null);
  if (state.status === 'ok') kept.current = { key, data: state.data };
  if (state.status === 'ok') return state.data;
  return state.status === 'loading' && kept.current?.key === key ? kept.current.data : null;
}

export function StaffScheduleScreen({ route }: { route: ScheduleRoute }) {
  const { t } = useI18n();
  return (
    <StaffUnitPage title={t.staffScheduleTitle} here={paths.staffSchedule({ unit: route.unitId, date: route.date })}>
      {(units, me) => <UnitSchedule units={units} route={route} me={me} />}
    </StaffUnitPage>
  );
}

function UnitSchedule({ units, route, me }: { units: string[]; route: ScheduleRoute; me: Me }) {
  const { t, lang, locale } = useI18n();
  const today = helsinkiToday();
  const [unitId, setUnitId] = useState(route.unitId && units.includes(route.unitId) ? route.unitId : units[0]!);
  const [date, setDate] = useState(isDate(route.date) ? route.date : today);
  const names = useQuery(ScopeNames, { ids: units });
  const nameOf = (id: string) =>
    (names.status === 'ok' ? names.data.nodes.find((n) => n?.id === id)?.name : undefined) ?? t.unitFallbackTitle;

  useEffect(() => {
    replaceQuietly(paths.staffSchedule({ unit: unitId === units[0] ? null : unitId, date: date === today ? null : date }));
  }, [unitId, date]);

  const from = weekStart(date);
  const to = addDays(from, 6);
  const resources = useQuery(UnitResources, { unitId });
  // Kept while they reload in another language, so that the block form keeps what was typed.
  const resourceList = useKeptData(resources, unitId)?.unitResources ?? null;
  const types = useQuery(UnitAppointmentTypes, { unitId });
  const days = useQuery(UnitDays, { unitId, from, to });
  const blocksVars = { unitId, from, to };
  const blocks = useQuery(UnitTimeBlocks, blocksVars);
  const blockList = useKeptData(blocks, JSON.stringify(blocksVars));
  const manage = canManageUnit(me, unitId);
  const range = t.weekRange(formatDayMonth(from, locale), formatDayMonth(to, locale, true));
  useAnnounce(days.status === 'ok' ? t.weekHeading(range) : null);

  const resourceName = (id: string): string => {
    const found = resourceList?.find((r) => r.id === id);
    if (found) return pick(found.name, lang);
    if (days.status === 'ok') {
      for (const day of days.data.unitDays) {
        const found = day.resources.find((r) => r.resourceId === id);
        if (found) return found.name;
      }
    }
    return t.resourceLabel;
  };

  return (
    <div class="staff-schedule">
      {units.length > 1 ? (
        <div class="form__field">
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
          href={paths.staffAppointments({ unit: unitId === units[0] ? null : unitId, date: date === today ? null : date })}
          id="staff-appointments-link"
        >
          <span class="hds-icon hds-icon--calendar hds-icon--size-s" aria-hidden="true" />
          <span>{t.staffAppointmentsLink}</span>
        </a>
      </p>

      <section class="section" aria-labelledby="week-heading" id="week-days">
        <h2 class="section__heading" id="week-heading">
          {t.weekHeading(range)}
        </h2>
        <div class="date-nav week-nav" role="group" aria-label={t.weekNavLabel}>
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="week-previous"
            onClick={() => setDate(addDays(date, -7))}
          >
            <span class="hds-icon hds-icon--angle-left hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.previousWeek}</span>
          </button>
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="week-current"
            aria-disabled={weekStart(today) === from ? 'true' : undefined}
            onClick={() => setDate(today)}
          >
            <span class="hds-button__label">{t.thisWeek}</span>
          </button>
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="week-next"
            onClick={() => setDate(addDays(date, 7))}
          >
            <span class="hds-button__label">{t.nextWeek}</span>
            <span class="hds-icon hds-icon--angle-right hds-icon--size-s" aria-hidden="true" />
          </button>
        </div>
        {days.status === 'loading' ? <Loading /> : null}
        {days.status === 'error' ? <ErrorState error={days.error} onRetry={days.retry} /> : null}
        {days.status === 'ok' ? <WeekTable days={days.data.unitDays} blocks={blockList?.unitTimeBlocks ?? []} today={today} /> : null}
      </section>

      <BlocksSection
        unitId={unitId}
        from={from}
        to={to}
        state={blocks}
        list={blockList}
        manage={manage}
        resources={resourceList}
        resourcesState={resources}
        resourceName={resourceName}
        defaultDate={date < today ? today : date}
        onBlocked={(block) => {
          const day = helsinkiDateTime(block.startsAt).date;
          if (day < from || day > to) setDate(day);
          else blocks.retry();
        }}
      />

      <section class="section" aria-labelledby="resources-heading" id="resources">
        <h2 class="section__heading" id="resources-heading">
          {t.resourcesHeading}
        </h2>
        {resources.status === 'loading' ? <Loading /> : null}
        {resources.status === 'error' ? <ErrorState error={resources.error} onRetry={resources.retry} /> : null}
        {resources.status === 'ok' && resources.data.unitResources.length === 0 ? <Empty>{t.noResources}</Empty> : null}
        {resources.status === 'ok'
          ? resources.data.unitResources.map((resource) => <ResourceCard resource={resource} key={resource.id} />)
          : null}
      </section>

      <section class="section" aria-labelledby="types-heading" id="appointment-types">
        <h2 class="section__heading" id="types-heading">
          {t.appointmentTypesHeading}
        </h2>
        {types.status === 'loading' ? <Loading /> : null}
        {types.status === 'error' ? <ErrorState error={types.error} onRetry={types.retry} /> : null}
        {types.status === 'ok' && types.data.unitAppointmentTypes.length === 0 ? (
          <Empty>{t.noAppointmentTypes}</Empty>
        ) : null}
        {types.status === 'ok'
          ? types.data.unitAppointmentTypes.map((type) => (
              <TypeCard type={type} resourceName={resourceName} key={type.id} />
            ))
          : null}
      </section>
    </div>
  );
}

// ---------------------------------------------------------------- the week, day by day

function WeekTable({ days, blocks, today }: { days: UnitDay[]; blocks: TimeBlock[]; today: string }) {
  const { t, lang, locale } = useI18n();
  const several = days.some((d) => d.resources.length > 1);
  if (days.every((d) => d.resources.length === 0)) return <Empty>{t.noResources}</Empty>;
  return (
    <table class="data-table schedule-table" id="week-table">
      <caption class="sr-only">{t.daysCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.dayColumn}</th>
          <th scope="col">{t.workingHoursColumn}</th>
        </tr>
      </thead>
      <tbody>
        {days.map((day) => {
          const isToday = day.date === today;
          return (
            <tr
              key={day.date}
              data-date={day.date}
              class={isToday ? 'hours-table__today' : undefined}
              aria-current={isToday ? 'date' : undefined}
            >
              <th scope="row">
                {formatLongDate(day.date, locale)}
                {isToday ? <span class="hours-table__today-label"> ({t.today.toLowerCase()})</span> : null}
                {day.publicHoliday ? <span class="hours-note">{t.publicHoliday(day.holidayName)}</span> : null}
              </th>
              <td>
                {day.resources.map((r) => {
                  const blocked = blocks
                    .filter((b) => b.resourceId === r.resourceId)
                    .map((b) => blockOnDay(b, day.date, lang))
                    .filter((x): x is string => x !== null);
                  const hours = r.closed || r.intervals.length === 0 ? t.closed : formatIntervals(
                    r.intervals.map((i) => ({ opens: i.starts, closes: i.ends })),
                    lang,
                  );
                  return (
                    <div class="schedule-day__resource" key={r.resourceId}>
                      {several ? <span class="schedule-day__name">{r.name}: </span> : null}
                      <span>{hours}</span>
                      {r.exception ? <span class="hours-note">{t.exceptionNote(r.reason)}</span> : null}
                      {blocked.map((text) => (
                        <span class="hours-note schedule-day__blocked" key={text}>
                          {t.blockedNote(text)}
                        </span>
                      ))}
                    </div>
                  );
                })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// ---------------------------------------------------------------- resources and types

function ResourceCard({ resource }: { resource: StaffResource }) {
  const { t, lang, locale } = useI18n();
  const name = pick(resource.name, lang);
  const slug = resource.id.replace(/[^\w-]/g, '');
  const headingId = `resource-${slug}`;
  const byDate = new Map<string, ResourceException[]>();
  for (const e of resource.exceptions) byDate.set(e.date, [...(byDate.get(e.date) ?? []), e]);

  return (
    <section class="schedule-card" aria-labelledby={headingId} data-resource={resource.id}>
      <h3 class="schedule-card__heading" id={headingId}>
        {name}
      </h3>
      <p class="meta-line">
        {t.resourceKinds[resource.kind]} · {resource.active ? t.inUse : t.notInUse}
      </p>
      <table class="data-table schedule-table weekly-schedule">
        <caption class="sr-only">{t.weeklyScheduleCaption(name)}</caption>
        <thead class="sr-only">
          <tr>
            <th scope="col">{t.weekdayColumn}</th>
            <th scope="col">{t.workingHoursColumn}</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((weekday) => {
            const intervals = resource.weeklySchedule
              .filter((s) => s.weekday === weekday)
              .sort((a, b) => a.starts.localeCompare(b.starts));
            const breaks = intervals.slice(1).map((next, i) => ({ opens: intervals[i]!.ends, closes: next.starts }));
            return (
              <tr key={weekday} data-weekday={weekday}>
                <th scope="row">{weekdayName(weekday, locale)}</th>
                <td>
                  {intervals.length
                    ? formatIntervals(
                        intervals.map((i) => ({ opens: i.starts, closes: i.ends })),
                        lang,
                      )
                    : t.notWorking}
                  {breaks
                    .filter((b) => b.opens < b.closes)
                    .map((b) => (
                      <span class="hours-note" key={b.opens}>
                        {t.breakNote(formatIntervals([b], lang))}
                      </span>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4 class="schedule-card__subheading" id={`${headingId}-exceptions`}>
        {t.exceptionsHeading(name)}
      </h4>
      {byDate.size ? (
        <ul class="plain-list exception-list" aria-labelledby={`${headingId}-exceptions`}>
          {[...byDate].map(([day, rows]) => {
            const closed = rows.some((r) => r.closed);
            const reason = rows.map((r) => pick(r.reason, lang)).find(Boolean) ?? null;
            const open = rows
              .filter((r) => !r.closed && r.starts && r.ends)
              .map((r) => ({ opens: r.starts!, closes: r.ends! }));
            return (
              <li key={day} class="exception-list__item" data-date={day}>
                <span class="exception-list__date">{formatLongDate(day, locale, true)}</span>
                {': '}
                {closed || open.length === 0 ? t.closed : t.openInstead(formatIntervals(open, lang))}
                {reason ? <span class="hours-note">{reason}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="form__help">{t.noExceptions}</p>
      )}
    </section>
  );
}

function TypeCard({ type, resourceName }: { type: StaffAppointmentType; resourceName: (id: string) => string }) {
  const { t, lang } = useI18n();
  const headingId = `type-${type.id.replace(/[^\w-]/g, '')}`;
  const rows: [string, string][] = [
    [t.durationLabel, t.minutes(type.durationMinutes)],
    [t.intervalLabel, t.minutes(type.slotIntervalMinutes)],
    [t.seatsLabel, String(type.seats)],
    [t.noticeLabel, t.beforeStart(formatMinutes(type.minNoticeMinutes, t))],
    [t.horizonLabel, t.days(type.horizonDays)],
    [t.cancelDeadlineLabel, t.beforeStart(formatMinutes(type.cancelDeadlineMinutes, t))],
    [t.reminderLabel, type.reminderMinutes ? t.beforeStart(formatMinutes(type.reminderMinutes, t)) : t.noReminder],
    [t.strongIdLabel, type.requiresStrongIdentification ? t.yes : t.no],
    [t.questionsLabel, String(type.questions.length)],
    [t.activeLabel, type.active ? t.yes : t.no],
  ];
  if (type.resourceIds.length) rows.push([t.resourcesHeading, type.resourceIds.map(resourceName).join(', ')]);
  return (
    <section class="schedule-card" aria-labelledby={headingId} data-type={type.id}>
      <h3 class="schedule-card__heading" id={headingId}>
        {pick(type.name, lang)}
        {type.active ? null : <span class="section__count"> ({t.notInUse})</span>}
      </h3>
      <dl class="summary-list type-settings">
        {rows.map(([label, value]) => (
          <div class="summary-list__row" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

// ---------------------------------------------------------------- blocked time

function BlocksSection(props: {
  unitId: string;
  from: string;
  to: string;
  state: QueryState<unknown> & { retry: () => void };
  list: { unitTimeBlocks: TimeBlock[] } | null;
  manage: boolean;
  resources: StaffResource[] | null;
  resourcesState: QueryState<unknown> & { retry: () => void };
  resourceName: (id: string) => string;
  defaultDate: string;
  onBlocked: (block: TimeBlock) => void;
}) {
  const { t } = useI18n();
  const { state, list, manage } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState('');
  const [removed, setRemoved] = useState<string[]>([]);
  const blocks = (list?.unitTimeBlocks ?? []).filter((b) => !removed.includes(b.id));
  const active = (props.resources ?? []).filter((r) => r.active);

  return (
    <section class="section" aria-labelledby="blocks-heading" id="time-blocks-section">
      <h2 class="section__heading" id="blocks-heading" tabIndex={-1} ref={headingRef}>
        {t.blocksHeading}
        {list ? <span class="section__count"> ({blocks.length})</span> : null}
      </h2>
      <div role="status" id="blocks-status" class="form__status">
        {status ? (
          <p>
            <span class="hds-icon hds-icon--check-circle-fill hds-icon--size-s" aria-hidden="true" />
            {status}
          </p>
        ) : null}
      </div>
      {!list && state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorState error={state.error} onRetry={state.retry} /> : null}
      {list && blocks.length === 0 ? <Empty>{t.noBlocks}</Empty> : null}
      {list && blocks.length > 0 ? (
        <ul class="plain-list time-blocks" id="time-blocks" aria-label={t.blocksCaption} aria-busy={state.status === 'loading' ? 'true' : undefined}>
          {blocks.map((block) => (
            <BlockItem
              key={block.id}
              block={block}
              resourceName={props.resourceName(block.resourceId)}
              manage={manage}
              onUnblocked={(message) => {
                setRemoved((ids) => [...ids, block.id]);
                setStatus(message);
                headingRef.current?.focus();
                state.retry();
              }}
            />
          ))}
        </ul>
      ) : null}
      {manage ? (
        <section class="block-form card" aria-labelledby="block-form-heading" id="block-form-section">
          <h3 class="section__heading" id="block-form-heading">
            {t.blockFormHeading}
          </h3>
          {!props.resources && props.resourcesState.status === 'loading' ? <Loading /> : null}
          {props.resourcesState.status === 'error' ? (
            <ErrorState error={props.resourcesState.error} onRetry={props.resourcesState.retry} />
          ) : null}
          {props.resources && active.length === 0 ? <Empty>{t.noResources}</Empty> : null}
          {active.length ? (
            <BlockForm
              key={props.unitId}
              resources={active}
              defaultDate={props.defaultDate}
              onBlocked={(block) => {
                setStatus('');
                props.onBlocked(block);
              }}
            />
          ) : null}
        </section>
      ) : (
        <p class="form__help" id="view-only-note">
          {t.viewOnlyNote}
        </p>
      )}
    </section>
  );
}

type UnblockState = { step: 'idle' } | { step: 'confirm' } | { step: 'busy' } | { step: 'error'; message: string };

function BlockItem({
  block,
  resourceName,
  manage,
  onUnblocked,
}: {
  block: TimeBlock;
  resourceName: string;
  manage: boolean;
  onUnblocked: (message: string) => void;
}) {
  const { t, lang, locale } = useI18n();
  const [state, setState] = useState<UnblockState>({ step: 'idle' });
  const when = blockWhen(block, t, lang, locale);
  const slug = block.id.replace(/[^\w-]/g, '');
  const titleRef = useRef<HTMLParagraphElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useLayoutEffect(() => {
    if (state.step === 'confirm') titleRef.current?.focus();
    else if (state.step === 'idle' && returnFocus.current) {
      returnFocus.current = false;
      startRef.current?.focus();
    }
  }, [state.step]);

  const unblock = async () => {
    if (state.step === 'busy') return;
    setState({ step: 'busy' });
    const outcome = await runMutation(UnblockTime, { input: { blockId: block.id } }, lang, t, (d) => d.unblockTime);
    if (outcome.ok) {
      onUnblocked(t.unblockedNotice(when));
      return;
    }
    setState({ step: 'error', message: outcome.message });
  };

  const asking = state.step !== 'idle';
  return (
    <li class="time-block" data-block={block.id}>
      <p class="time-block__when">{when}</p>
      <p class="result-list__meta">{resourceName}</p>
      {block.reason ? <p class="time-block__reason">{block.reason}</p> : null}
      {manage && !asking ? (
        <button
          type="button"
          class="hds-button hds-button--secondary hds-button--small button--danger-outline unblock-button"
          ref={startRef}
          aria-label={t.unblockLabel(when)}
          onClick={() => setState({ step: 'confirm' })}
        >
          <span class="hds-button__label">{t.unblockButton}</span>
        </button>
      ) : null}
      {manage && asking ? (
        <div class="confirm unblock-confirm" role="group" aria-labelledby={`unblock-title-${slug}`}>
          <p class="confirm__title" id={`unblock-title-${slug}`} tabIndex={-1} ref={titleRef}>
            {t.unblockConfirmTitle(when)}
          </p>
          {state.step === 'error' ? (
            <p class="staff-booking__error" role="alert">
              <span class="hds-icon hds-icon--error-fill hds-icon--size-s" aria-hidden="true" />
              {state.message}
            </p>
          ) : null}
          <div class="button-row">
            <button
              type="button"
              class="hds-button hds-button--danger unblock-confirm-button"
              aria-disabled={state.step === 'busy' ? 'true' : undefined}
              onClick={() => void unblock()}
            >
              <span class="hds-button__label">{state.step === 'busy' ? t.unblocking : t.unblockConfirmButton}</span>
            </button>
            <button
              type="button"
              class="hds-button hds-button--secondary unblock-keep-button"
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
              <span class="hds-button__label">{t.keepBlock}</span>
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

const FIELD = {
  resource: 'block-resource',
  date: 'block-date',
  start: 'block-start',
  end: 'block-end',
  reason: 'block-reason',
} as const;

const SERVER_FIELDS: Record<string, string> = {
  resourceId: FIELD.resource,
  startsAt: FIELD.start,
  endsAt: FIELD.end,
  reason: FIELD.reason,
};

function BlockForm({
  resources,
  defaultDate,
  onBlocked,
}: {
  resources: StaffResource[];
  defaultDate: string;
  onBlocked: (block: TimeBlock) => void;
}) {
  const { t, lang, locale } = useI18n();
  const [resourceId, setResourceId] = useState(resources[0]!.id);
  const [date, setDate] = useState(defaultDate);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const today = helsinkiToday();

  const fail = (list: FieldError[]) => {
    setErrors(list);
    setAttempt((n) => n + 1);
  };

  const validate = (): FieldError[] => {
    const found: FieldError[] = [];
    if (!resources.some((r) => r.id === resourceId)) found.push({ fieldId: FIELD.resource, message: t.errorResourceRequired });
    if (!isDate(date)) found.push({ fieldId: FIELD.date, message: t.errorDateRequired });
    const s = clockMinutes(start);
    const e = clockMinutes(end);
    if (s === null) found.push({ fieldId: FIELD.start, message: t.errorStartRequired });
    else if (s % 5) found.push({ fieldId: FIELD.start, message: t.errorTimeStep });
    if (e === null) found.push({ fieldId: FIELD.end, message: t.errorEndRequired });
    else if (e % 5) found.push({ fieldId: FIELD.end, message: t.errorTimeStep });
    if (s !== null && e !== null && !(s % 5) && !(e % 5) && e <= s) {
      found.push({ fieldId: FIELD.end, message: t.errorEndBeforeStart });
    }
    if (!found.length && new Date(helsinkiInstant(date, end)).getTime() <= Date.now()) {
      found.push({ fieldId: FIELD.end, message: t.errorBlockInPast });
    }
    return found;
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setDone('');
    const invalid = validate();
    if (invalid.length) return fail(invalid);
    setBusy(true);
    setErrors([]);
    const input = {
      resourceId,
      startsAt: helsinkiInstant(date, start),
      endsAt: helsinkiInstant(date, end),
      reason: reason.trim().slice(0, MAX_REASON),
    };
    const outcome = await runMutation(BlockTime, { input }, lang, t, (d) => d.blockTime);
    setBusy(false);
    if (!outcome.ok || !outcome.value.block) {
      fail([
        outcome.ok
          ? { fieldId: null, message: t.actionFailed }
          : { fieldId: (outcome.field && SERVER_FIELDS[outcome.field]) || null, message: outcome.message },
      ]);
      return;
    }
    const block = outcome.value.block;
    setDone(t.blockedNotice(blockWhen(block, t, lang, locale)));
    setStart('');
    setEnd('');
    setReason('');
    onBlocked(block);
  };

  const errorOf = (id: string) => errors.find((e) => e.fieldId === id) ?? null;
  const described = (id: string, ...more: string[]) => {
    const ids = [...more, ...(errorOf(id) ? [`${id}-error`] : [])];
    return ids.length ? ids.join(' ') : undefined;
  };
  const fieldClass = (id: string) => `hds-text-input form__field${errorOf(id) ? ' hds-text-input--invalid' : ''}`;
  const errorText = (id: string) => {
    const error = errorOf(id);
    return error ? (
      <span class="hds-text-input__error-text" id={`${id}-error`}>
        {error.message}
      </span>
    ) : null;
  };

  return (
    <>
      <p class="form__help">{t.blockFormIntro}</p>
      <ErrorSummary title={t.blockFailedTitle} errors={errors} focusKey={attempt} />
      <form class="form block-form__form" id="block-form" noValidate onSubmit={onSubmit}>
        <div class={fieldClass(FIELD.resource)}>
          <label class="hds-text-input__label" for={FIELD.resource}>
            {t.resourceLabel}
          </label>
          <select
            id={FIELD.resource}
            class="select"
            value={resourceId}
            aria-invalid={errorOf(FIELD.resource) ? 'true' : undefined}
            aria-describedby={described(FIELD.resource)}
            onChange={(e) => setResourceId((e.currentTarget as HTMLSelectElement).value)}
          >
            {resources.map((r) => (
              <option key={r.id} value={r.id}>
                {pick(r.name, lang)}
              </option>
            ))}
          </select>
          {errorText(FIELD.resource)}
        </div>
        <div class={fieldClass(FIELD.date)}>
          <label class="hds-text-input__label" for={FIELD.date}>
            {t.dateLabel}
          </label>
          <div class="hds-text-input__input-wrapper">
            <input
              id={FIELD.date}
              class="hds-text-input__input"
              type="date"
              min={today}
              required
              value={date}
              aria-invalid={errorOf(FIELD.date) ? 'true' : undefined}
              aria-describedby={described(FIELD.date)}
              onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          {errorText(FIELD.date)}
        </div>
        <p class="form__help" id="block-time-help">
          {t.timeHelp}
        </p>
        <div class="block-form__times">
          {(
            [
              [FIELD.start, t.startTimeLabel, start, setStart],
              [FIELD.end, t.endTimeLabel, end, setEnd],
            ] as const
          ).map(([id, label, value, set]) => (
            <div class={fieldClass(id)} key={id}>
              <label class="hds-text-input__label" for={id}>
                {label}
              </label>
              <div class="hds-text-input__input-wrapper">
                <input
                  id={id}
                  class="hds-text-input__input"
                  type="time"
                  step={300}
                  required
                  value={value}
                  aria-invalid={errorOf(id) ? 'true' : undefined}
                  aria-describedby={described(id, 'block-time-help')}
                  onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
                />
              </div>
              {errorText(id)}
            </div>
          ))}
        </div>
        <div class={fieldClass(FIELD.reason)}>
          <label class="hds-text-input__label" for={FIELD.reason}>
            {t.blockReasonLabel} <span class="optional">({t.optional})</span>
          </label>
          <div class="hds-text-input__input-wrapper">
            <input
              id={FIELD.reason}
              class="hds-text-input__input"
              type="text"
              maxLength={MAX_REASON}
              autocomplete="off"
              value={reason}
              aria-invalid={errorOf(FIELD.reason) ? 'true' : undefined}
              aria-describedby={described(FIELD.reason, `${FIELD.reason}-help`)}
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <span class="hds-text-input__helper-text" id={`${FIELD.reason}-help`}>
            {t.blockReasonHelp}
          </span>
          {errorText(FIELD.reason)}
        </div>
        <button
          type="submit"
          class="hds-button hds-button--primary form__submit"
          id="block-submit"
          aria-disabled={busy ? 'true' : undefined}
        >
          <span class="hds-icon hds-icon--lock hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{busy ? t.blocking : t.blockButton}</span>
        </button>
        <div role="status" id="block-form-status" class="form__status">
          {done ? (
            <SavedNote>{done}</SavedNote>
          ) : null}
        </div>
      </form>
    </>
  );
}

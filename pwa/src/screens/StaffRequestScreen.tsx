/**
 * Staff: one service request. Its details, the reporter's contact details, photos and its whole
 * history (internal notes included); and, for handlers and admins of its department, the actions:
 * change its status (only to the statuses the workflow allows, with a public note that response
 * templates can start and an optional internal note), allocate it to a department or a person,
 * mark it a duplicate of another request, add an internal note. Every refusal is shown with
 * role=alert in the UI language; every success is announced and the request reloaded.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { runMutation } from '../booking.ts';
import { Empty, ErrorState, Loading, PageHeading, SavedNote, useTitle } from '../components/common.tsx';
import { osmUrl, telHref } from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import {
  StaffAddInternalNote,
  StaffAllocateRequest,
  StaffChangeRequestStatus,
  StaffMarkRequestDuplicate,
  StaffRequestDetail,
  StaffRequestQueue,
  Users,
} from '../graphql/operations.ts';
import type {
  Me,
  MutationError,
  StaffQueueItem,
  StaffRequestDepartment,
  StaffRequestDetailData,
  StaffRequestEvent,
  StaffRequestFull,
  StaffRequestPayload,
  StaffRequestStatus,
  StaffResponseTemplate,
  UserSummary,
} from '../graphql/types.ts';
import { LANGUAGE_NAMES, LANGS, useI18n, type Lang } from '../i18n/index.ts';
import { paths } from '../router.ts';
import { loadMe } from '../session.ts';
import { useSignedIn } from './AppointmentsScreen.tsx';
import {
  ageDays,
  boxAround,
  coversRequest,
  findRequestByNumber,
  formatDateTime,
  handleScope,
  lastQueueSearch,
  parseRequestRef,
  RequestStatus,
  TRANSITIONS,
  useKept,
  viewScope,
} from './StaffRequestCommon.tsx';
import { seesServiceRequests, StaffRequestsForbidden } from './StaffRequestQueueScreen.tsx';

/** The notes' limit (the backend's check_note). */
const MAX_NOTE = 4000;
/** Possible originals of a duplicate: same category, this close. */
const CANDIDATE_RADIUS_M = 300;

export function StaffRequestScreen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const m = t.staffRequests;
  const session = useSignedIn(paths.staffRequest(id));

  if (session.status === 'error') {
    return (
      <>
        <ScreenTitle title={m.requestTitle} />
        <PageHeading>{m.requestTitle}</PageHeading>
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (session.status === 'loading' || !session.me) {
    return (
      <>
        <ScreenTitle title={m.requestTitle} />
        <PageHeading>{m.requestTitle}</PageHeading>
        <Loading />
      </>
    );
  }
  if (!seesServiceRequests(session.me)) {
    return (
      <>
        <ScreenTitle title={t.staffForbiddenTitle} />
        <StaffRequestsForbidden />
      </>
    );
  }
  return (
    <>
      <p>
        <a class="hds-link back-link" href={paths.staffRequests(lastQueueSearch())} id="back-link">
          <span class="hds-icon hds-icon--arrow-left hds-icon--size-s" aria-hidden="true" />
          <span>{m.queueTitle}</span>
        </a>
      </p>
      <RequestDetail id={id} me={session.me} />
    </>
  );
}

function RequestDetail({ id, me }: { id: string; me: Me }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const result = useQuery(StaffRequestDetail, { id });
  const data = useKept(result, id);
  const request = data?.serviceRequest ?? null;
  const title = request ? m.requestHeading(request.number, request.title) : m.requestTitle;
  useTitle(title);
  // The h1 stays the same element from loading to loaded, so that the focus given to it stays.
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <RequestBody result={result} data={data} me={me} />
    </>
  );
}

function RequestBody({
  result,
  data,
  me,
}: {
  result: ReturnType<typeof useQuery<StaffRequestDetailData, { id: string }>>;
  data: StaffRequestDetailData | null;
  me: Me;
}) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const request = data?.serviceRequest ?? null;
  if (!data) {
    if (result.status !== 'error') return <Loading />;
    if (result.error.kind === 'notFound' || result.error.kind === 'badInput') return <NotFound />;
    return <ErrorState error={result.error} onRetry={result.retry} />;
  }
  if (!request) return <NotFound />;
  if (!coversRequest(viewScope(me), request)) {
    return (
      <div data-state="forbidden">
        <p class="lead">{m.notInScope}</p>
      </div>
    );
  }
  const handles = coversRequest(handleScope(me), request);
  return (
    <div class="staff-request" data-status={request.status} aria-busy={result.status === 'loading' ? 'true' : undefined}>
      <p class="staff-request__status">
        <RequestStatus status={request.status} id="request-status" />
      </p>
      {result.status === 'error' ? <ErrorState error={result.error} onRetry={result.retry} /> : null}
      <Summary request={request} />
      <Description request={request} />
      <Contact request={request} />
      <Photos request={request} />
      <Actions
        key={request.id}
        request={request}
        me={me}
        handles={handles}
        departments={data.serviceRequestDepartments}
        templates={data.serviceRequestTemplates}
        reload={result.retry}
      />
      <Timeline events={request.events} />
    </div>
  );
}

function ScreenTitle({ title }: { title: string }) {
  useTitle(title);
  return null;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div data-state="not-found">
      <p class="lead">{t.staffRequests.notFound}</p>
    </div>
  );
}

// ---------------------------------------------------------------- what the request is

function Row({ label, children, id }: { label: string; children: ComponentChildren; id?: string }) {
  return (
    <div class="summary-list__row" id={id}>
      <dt>{label}</dt>
      <dd>
        <span class="break-anywhere">{children}</span>
      </dd>
    </div>
  );
}

function Summary({ request }: { request: StaffRequestFull }) {
  const { t, locale } = useI18n();
  const m = t.staffRequests;
  const allocation = [request.allocatedDepartment?.name, request.allocatedToName].filter(Boolean).join(' · ');
  return (
    <dl class="summary-list" id="request-summary">
      <Row label={m.numberLabel}>{request.number}</Row>
      <Row label={m.categoryLabel}>{request.category.name}</Row>
      <Row label={m.departmentLabel}>{request.category.department.name}</Row>
      <Row label={m.allocationLabel} id="request-allocation">
        {allocation || m.notAllocated}
      </Row>
      <Row label={m.receivedLabel}>
        <time dateTime={request.createdAt}>{formatDateTime(request.createdAt, locale)}</time> (
        {m.age(ageDays(request.createdAt))})
      </Row>
      <Row label={m.updatedLabel}>
        <time dateTime={request.updatedAt}>{formatDateTime(request.updatedAt, locale)}</time>
      </Row>
      {request.address || request.location ? (
        <Row label={m.placeLabel}>
          {request.address ? <span class="staff-request__address">{request.address}</span> : null}
          {request.location ? (
            <>
              {request.address ? ' · ' : ''}
              <a class="hds-link" href={osmUrl(request.location.lat, request.location.lon)} rel="noopener">
                {m.onMap(request.location.lat.toFixed(5), request.location.lon.toFixed(5))}
              </a>
            </>
          ) : null}
        </Row>
      ) : null}
      {request.duplicateOfId ? (
        <Row label={m.duplicateOfLabel} id="request-original">
          <a class="hds-link" href={paths.staffRequest(request.duplicateOfId)} id="original-link">
            {m.openOriginal}
          </a>
        </Row>
      ) : null}
    </dl>
  );
}

function answerText(
  question: StaffRequestFull['category']['questions'][number],
  value: unknown,
  locale: string,
): string | null {
  if (value === null || value === undefined || value === '') return null;
  const name = (key: unknown) => question.values.find((v) => v.key === key)?.name ?? String(key);
  if (Array.isArray(value)) return value.map(name).join(', ');
  if (question.datatype === 'singlevaluelist') return name(value);
  if (question.datatype === 'datetime' && typeof value === 'string') return formatDateTime(value, locale);
  return String(value);
}

function Description({ request }: { request: StaffRequestFull }) {
  const { t, locale } = useI18n();
  const m = t.staffRequests;
  const answers = [...request.category.questions]
    .filter((q) => q.variable)
    .sort((a, b) => a.order - b.order)
    .map((q) => ({ code: q.code, label: q.description, text: answerText(q, request.answers[q.code], locale) }))
    .filter((a): a is { code: string; label: string; text: string } => a.text !== null);
  return (
    <section class="section" aria-labelledby="description-heading" id="request-description">
      <h2 class="section__heading" id="description-heading">
        {m.descriptionHeading}
      </h2>
      {request.description ? <p class="preserve-lines break-anywhere">{request.description}</p> : <Empty>{m.noDescription}</Empty>}
      {answers.length ? (
        <dl class="summary-list" id="request-answers">
          {answers.map((a) => (
            <Row label={a.label} key={a.code}>
              {a.text}
            </Row>
          ))}
        </dl>
      ) : null}
    </section>
  );
}

function Contact({ request }: { request: StaffRequestFull }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const reporterLanguage = LANGS.find((l) => l === request.reporterLanguage?.toLowerCase());
  const any = request.contactName || request.contactEmail || request.contactPhone || request.reporterName;
  return (
    <section class="section" aria-labelledby="contact-heading" id="request-contact">
      <h2 class="section__heading" id="contact-heading">
        {m.contactHeading}
      </h2>
      {any ? (
        <dl class="summary-list">
          {request.contactName || request.reporterName ? (
            <Row label={m.contactName}>{request.contactName || request.reporterName}</Row>
          ) : null}
          {request.contactEmail ? (
            <Row label={m.contactEmail}>
              <a class="hds-link" href={`mailto:${request.contactEmail}`}>
                {request.contactEmail}
              </a>
            </Row>
          ) : null}
          {request.contactPhone ? (
            <Row label={m.contactPhone}>
              <a class="hds-link" href={telHref(request.contactPhone)}>
                {request.contactPhone}
              </a>
            </Row>
          ) : null}
          {reporterLanguage ? <Row label={m.reporterLanguage}>{LANGUAGE_NAMES[reporterLanguage]}</Row> : null}
        </dl>
      ) : (
        <Empty>{m.noContact}</Empty>
      )}
    </section>
  );
}

function Photos({ request }: { request: StaffRequestFull }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const count = request.photos.length;
  return (
    <section class="section" aria-labelledby="photos-heading" id="request-photos">
      <h2 class="section__heading" id="photos-heading">
        {m.photosHeading}
        <span class="section__count"> ({count})</span>
      </h2>
      {count ? (
        <ul class="photo-list">
          {request.photos.map((photo, i) => (
            <li key={photo.id}>
              <a href={photo.url} class="photo-list__link">
                <img
                  src={photo.url}
                  width={photo.width}
                  height={photo.height}
                  alt={m.photoAlt(i + 1, count)}
                  loading="lazy"
                  decoding="async"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{m.noPhotos}</Empty>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- its history

function eventTitle(event: StaffRequestEvent, t: ReturnType<typeof useI18n>['t']): string {
  const m = t.staffRequests;
  const status = event.status ? m.statuses[event.status] : null;
  switch (event.kind) {
    case 'CREATED':
      return m.eventCreated;
    case 'STATUS':
      return status ? m.eventStatus(status) : m.eventKinds.STATUS;
    case 'REOPENED':
      return status ? m.eventReopened(status) : m.eventKinds.REOPENED;
    case 'ALLOCATED':
      return status ? m.eventAllocatedStatus(status) : m.eventKinds.ALLOCATED;
    case 'MERGED':
      return event.status === 'DUPLICATE' ? m.eventMergedInto : m.eventMergedHere;
    default:
      return m.eventKinds[event.kind] ?? event.kind;
  }
}

function Timeline({ events }: { events: StaffRequestEvent[] }) {
  const { t, locale } = useI18n();
  const m = t.staffRequests;
  return (
    <section class="section" aria-labelledby="timeline-heading" id="request-timeline">
      <h2 class="section__heading" id="timeline-heading">
        {m.timelineHeading}
      </h2>
      <p class="form__help">{m.timelineHelp}</p>
      {events.length ? (
        <ol class="timeline" id="timeline">
          {events.map((event, i) => (
            <li class="timeline__item" key={`${event.at}-${i}`} data-kind={event.kind} data-status={event.status ?? undefined}>
              <p class="timeline__title">{eventTitle(event, t)}</p>
              <p class="timeline__meta">
                <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
                {event.actorName ? <span> · {event.actorName}</span> : null}
              </p>
              {event.publicNote ? (
                <div class="timeline__note timeline__note--public">
                  <p class="timeline__note-label">{m.publicNoteLabel}</p>
                  <p class="preserve-lines break-anywhere">{event.publicNote}</p>
                </div>
              ) : null}
              {event.internalNote ? (
                <div class="timeline__note timeline__note--internal">
                  <p class="timeline__note-label">
                    <span class="hds-icon hds-icon--lock hds-icon--size-s" aria-hidden="true" />
                    {m.internalNoteLabel}
                  </p>
                  <p class="preserve-lines break-anywhere">{event.internalNote}</p>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <Empty>{m.noEvents}</Empty>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- what staff can do

function Actions(props: {
  request: StaffRequestFull;
  me: Me;
  handles: boolean;
  departments: StaffRequestDepartment[];
  templates: StaffResponseTemplate[];
  reload: () => void;
}) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const { request, handles } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [done, setDone] = useState('');
  // Each change makes the forms start again (their fields empty, the allowed statuses new).
  const version = `${request.status}:${request.events.length}:${request.allocatedDepartment?.id ?? ''}:${request.allocatedToName ?? ''}`;

  const succeeded = (message: string) => {
    setDone(message);
    headingRef.current?.focus();
    props.reload();
  };
  const allowed = TRANSITIONS[request.status];
  const open = request.status === 'RECEIVED' || request.status === 'IN_HANDLING';

  return (
    <section class="section staff-actions" aria-labelledby="actions-heading" id="request-actions">
      <h2 class="section__heading" id="actions-heading" tabIndex={-1} ref={headingRef}>
        {m.actionsHeading}
      </h2>
      <div role="status" id="action-status" class="form__status">
        {done ? (
          <SavedNote>{done}</SavedNote>
        ) : null}
      </div>
      {handles ? (
        <>
          <Action id="status-action" title={m.changeStatusAction}>
            <StatusForm
              key={version}
              request={request}
              templates={props.templates}
              onDone={succeeded}
              onStale={props.reload}
            />
          </Action>
          {open ? (
            <Action id="allocate-action" title={m.allocateAction}>
              <AllocateForm key={version} request={request} me={props.me} departments={props.departments} onDone={succeeded} onStale={props.reload} />
            </Action>
          ) : null}
          {allowed.includes('DUPLICATE') ? (
            <Action id="duplicate-action" title={m.duplicateAction}>
              <DuplicateForm key={version} request={request} templates={props.templates} onDone={succeeded} onStale={props.reload} />
            </Action>
          ) : null}
          <Action id="note-action" title={m.noteAction}>
            <NoteForm key={version} request={request} onDone={succeeded} />
          </Action>
        </>
      ) : (
        <p class="form__help" id="view-only-note">
          {m.viewOnly}
        </p>
      )}
    </section>
  );
}

function Action({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <details class="staff-action" id={id}>
      <summary class="staff-action__summary">{title}</summary>
      <div class="staff-action__body">{children}</div>
    </details>
  );
}

/** The refusals of one form: role=alert, focused so that keyboard users are where the problem is. */
function FormAlert({ id, errors, focusKey }: { id: string; errors: MutationError[]; focusKey: number }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [focusKey]);
  return (
    <div role="alert" id={id} class="form-alert" tabIndex={-1} ref={ref}>
      {errors.length ? (
        <div class="hds-notification hds-notification--error" data-state="error">
          <div class="hds-notification__content">
            <p class="hds-notification__label">
              <span class="hds-icon hds-icon--error-fill hds-icon--size-s" aria-hidden="true" />
              <span>{t.staffRequests.refusedTitle}</span>
            </p>
            <ul class="hds-notification__body notice__list">
              {errors.map((e, i) => (
                <li key={`${e.code}-${i}`}>{e.message}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** Run one of the staff mutations: its refusals, or the success message. */
function useSubmit() {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<MutationError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const fail = (list: MutationError[]) => {
    setErrors(list);
    setAttempt((n) => n + 1);
  };
  const run = async <TData, TVars extends object>(
    op: Parameters<typeof runMutation<TData, TVars, StaffRequestPayload>>[0],
    variables: TVars,
    select: (data: TData) => StaffRequestPayload,
  ): Promise<StaffRequestPayload | null> => {
    if (busy) return null;
    setBusy(true);
    setErrors([]);
    const outcome = await runMutation(op, variables, lang, t, select);
    setBusy(false);
    if (!outcome.ok) {
      // Every refusal of the payload (an input can have several), else the one the client made.
      fail([{ code: outcome.code as MutationError['code'], message: outcome.message, field: outcome.field }]);
      return null;
    }
    if (outcome.value.errors.length) {
      fail(outcome.value.errors);
      return null;
    }
    return outcome.value;
  };
  return { busy, errors, attempt, fail, run };
}

/** Whether a refusal means the screen shows an old state of the request. */
function stale(errors: MutationError[]): boolean {
  return errors.some((e) => e.code === 'STATUS_CONFLICT' || e.code === 'TRANSITION_NOT_ALLOWED');
}

function NoteField(props: {
  id: string;
  label: string;
  help?: string;
  value: string;
  onInput: (value: string) => void;
  fieldRef?: { current: HTMLTextAreaElement | null };
  rows?: number;
}) {
  const { t } = useI18n();
  const helpId = props.help ? `${props.id}-help` : undefined;
  const maxId = `${props.id}-max`;
  return (
    <div class="hds-text-input form__field">
      <label class="hds-text-input__label" for={props.id}>
        {props.label}
      </label>
      {props.help ? (
        <span class="hds-text-input__helper-text note-help" id={helpId}>
          {props.help}
        </span>
      ) : null}
      <div class="hds-text-input__input-wrapper">
        <textarea
          id={props.id}
          class="hds-text-input__input note-input"
          rows={props.rows ?? 3}
          maxLength={MAX_NOTE}
          value={props.value}
          aria-describedby={helpId ? `${helpId} ${maxId}` : maxId}
          ref={props.fieldRef as { current: HTMLTextAreaElement | null } | undefined}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <span class="sr-only" id={maxId}>
        {t.staffRequests.maxLength(MAX_NOTE)}
      </span>
    </div>
  );
}

/** Response templates of a status: inserted into the public note in the chosen language. */
function Templates(props: {
  idPrefix: string;
  status: StaffRequestStatus | null;
  templates: StaffResponseTemplate[];
  reporterLanguage: string | null;
  onInsert: (text: string) => void;
}) {
  const { t, lang } = useI18n();
  const m = t.staffRequests;
  const reporter = LANGS.find((l) => l === props.reporterLanguage?.toLowerCase());
  // The reporter's language when known, else the UI's (until a language is chosen here).
  const [chosen, setLanguage] = useState<Lang | null>(null);
  const language = chosen ?? reporter ?? lang;
  const list = props.templates.filter((tp) => tp.status === props.status);
  if (!props.status || !list.length) return null;
  return (
    <div class="templates" id={`${props.idPrefix}-templates`} role="group" aria-labelledby={`${props.idPrefix}-templates-label`}>
      <p class="templates__label" id={`${props.idPrefix}-templates-label`}>
        {m.templatesLabel(m.statuses[props.status])}
      </p>
      <div class="form__field templates__language">
        <label class="hds-text-input__label" for={`${props.idPrefix}-template-language`}>
          {m.templateLanguage}
        </label>
        <select
          id={`${props.idPrefix}-template-language`}
          class="select"
          value={language}
          onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Lang)}
        >
          {LANGS.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
              {l === reporter ? ` (${m.reportersLanguage})` : ''}
            </option>
          ))}
        </select>
      </div>
      <ul class="plain-list templates__list">
        {list.map((template) => (
          <li key={template.key}>
            <button
              type="button"
              class="hds-button hds-button--secondary hds-button--small template-button"
              data-template={template.key}
              onClick={() => props.onInsert(template.text[language])}
            >
              <span class="hds-button__label">{m.insertTemplate(template.title)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function useInsert(value: string, setValue: (v: string) => void) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const insert = (text: string) => {
    const next = value.trim() ? `${value.replace(/\s+$/, '')}\n\n${text}` : text;
    setValue(next);
    // Continue writing where the template ends.
    requestAnimationFrame(() => {
      const field = ref.current;
      if (!field) return;
      field.focus();
      field.setSelectionRange(next.length, next.length);
    });
  };
  return { ref, insert };
}

function SubmitButton({ id, busy, label, busyLabel }: { id: string; busy: boolean; label: string; busyLabel: string }) {
  return (
    <button type="submit" class="hds-button hds-button--primary form__submit" id={id} aria-disabled={busy ? 'true' : undefined}>
      <span class="hds-button__label">{busy ? busyLabel : label}</span>
    </button>
  );
}

function StatusForm(props: {
  request: StaffRequestFull;
  templates: StaffResponseTemplate[];
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const { request } = props;
  const options = TRANSITIONS[request.status].filter((s) => s !== 'DUPLICATE');
  const [status, setStatus] = useState<StaffRequestStatus | null>(options.length === 1 ? options[0]! : null);
  const [publicNote, setPublicNote] = useState('');
  const [internalNote, setInternalNote] = useState('');
  const submit = useSubmit();
  const { ref, insert } = useInsert(publicNote, setPublicNote);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!status) {
      submit.fail([{ code: 'INVALID_INPUT', message: m.chooseStatus, field: 'status' }]);
      return;
    }
    const payload = await submit.run(
      StaffChangeRequestStatus,
      { input: { id: request.id, status, expectedStatus: request.status, publicNote, internalNote } },
      (d) => d.changeServiceRequestStatus,
    );
    if (payload) props.onDone(m.statusChanged(m.statuses[payload.serviceRequest?.status ?? status]));
  };
  useEffect(() => {
    if (stale(submit.errors)) props.onStale();
  }, [submit.attempt]);

  return (
    <form class="form" id="status-form" noValidate onSubmit={onSubmit}>
      <FormAlert id="status-form-alert" errors={submit.errors} focusKey={submit.attempt} />
      <p class="form__help">{m.currentStatus(m.statuses[request.status])}</p>
      <fieldset class="hds-fieldset form__field choice-group" id="status-choice">
        <legend class="hds-fieldset-legend">{m.newStatusLegend}</legend>
        {options.map((option) => (
          <div class="hds-radio-button choice" key={option}>
            <input
              type="radio"
              class="hds-radio-button__input"
              id={`new-status-${option}`}
              name="new-status"
              value={option}
              checked={status === option}
              onChange={() => setStatus(option)}
            />
            <label class="hds-radio-button__label" for={`new-status-${option}`}>
              {request.status !== 'RECEIVED' && request.status !== 'IN_HANDLING' && option === 'IN_HANDLING'
                ? m.reopen
                : m.statuses[option]}
            </label>
          </div>
        ))}
      </fieldset>
      <Templates
        idPrefix="status"
        status={status}
        templates={props.templates}
        reporterLanguage={request.reporterLanguage}
        onInsert={insert}
      />
      <NoteField
        id="status-public-note"
        label={m.publicNoteField}
        help={m.publicNoteHelp}
        value={publicNote}
        onInput={setPublicNote}
        fieldRef={ref}
        rows={4}
      />
      <NoteField
        id="status-internal-note"
        label={m.internalNoteField}
        help={m.internalNoteHelp}
        value={internalNote}
        onInput={setInternalNote}
      />
      <SubmitButton id="status-submit" busy={submit.busy} label={m.saveStatus} busyLabel={t.saving} />
    </form>
  );
}

function AllocateForm(props: {
  request: StaffRequestFull;
  me: Me;
  departments: StaffRequestDepartment[];
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const { request, me } = props;
  const current = request.allocatedDepartment?.id ?? request.category.department.id;
  const [department, setDepartment] = useState('');
  const [person, setPerson] = useState<'none' | 'me' | 'other'>('none');
  const [other, setOther] = useState<UserSummary | null>(null);
  const [internalNote, setInternalNote] = useState('');
  const submit = useSubmit();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const userId = person === 'me' ? me.user.id : person === 'other' ? (other?.id ?? null) : null;
    if (person === 'other' && !other) {
      submit.fail([{ code: 'INVALID_INPUT', message: m.choosePerson, field: 'userId' }]);
      return;
    }
    const payload = await submit.run(
      StaffAllocateRequest,
      { input: { id: request.id, departmentId: department || null, userId, internalNote } },
      (d) => d.allocateServiceRequest,
    );
    if (payload) props.onDone(m.allocated);
  };
  useEffect(() => {
    if (stale(submit.errors)) props.onStale();
  }, [submit.attempt]);

  return (
    <form class="form" id="allocate-form" noValidate onSubmit={onSubmit}>
      <FormAlert id="allocate-form-alert" errors={submit.errors} focusKey={submit.attempt} />
      <p class="form__help">{m.allocateHelp}</p>
      <div class="form__field">
        <label class="hds-text-input__label" for="allocate-department">
          {m.departmentLabel}
        </label>
        <select
          id="allocate-department"
          class="select"
          value={department}
          onChange={(e) => setDepartment((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{m.keepDepartment}</option>
          {props.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
              {d.id === current ? ` (${m.currentMarker})` : ''}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="hds-fieldset form__field choice-group" id="allocate-person">
        <legend class="hds-fieldset-legend">{m.handlerLegend}</legend>
        {(['none', 'me', ...(me.isAdmin ? (['other'] as const) : [])] as const).map((choice) => (
          <div class="hds-radio-button choice" key={choice}>
            <input
              type="radio"
              class="hds-radio-button__input"
              id={`allocate-person-${choice}`}
              name="allocate-person"
              value={choice}
              checked={person === choice}
              onChange={() => setPerson(choice)}
            />
            <label class="hds-radio-button__label" for={`allocate-person-${choice}`}>
              {choice === 'none' ? m.keepHandler : choice === 'me' ? m.toMe(me.user.name) : m.otherPerson}
            </label>
          </div>
        ))}
      </fieldset>
      {person === 'other' ? <PersonSearch chosen={other} onChoose={setOther} /> : null}
      <NoteField
        id="allocate-internal-note"
        label={m.internalNoteField}
        help={m.internalNoteHelp}
        value={internalNote}
        onInput={setInternalNote}
      />
      <SubmitButton id="allocate-submit" busy={submit.busy} label={m.allocateButton} busyLabel={t.saving} />
    </form>
  );
}

/** Admins: find the person to allocate to, by name or e-mail (the users list). */
function PersonSearch({ chosen, onChoose }: { chosen: UserSummary | null; onChoose: (user: UserSummary) => void }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const [input, setInput] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const users = useQuery(Users, { search, first: 10 }, search === null);
  const found = users.status === 'ok' ? users.data.users.edges.map((e) => e.node) : [];
  return (
    <div class="person-search" id="allocate-person-search">
      <div class="hds-text-input form__field">
        <label class="hds-text-input__label" for="allocate-person-query">
          {t.usersSearchLabel}
        </label>
        <div class="search-form__row">
          <div class="hds-text-input__input-wrapper">
            <input
              id="allocate-person-query"
              class="hds-text-input__input"
              type="search"
              autocomplete="off"
              value={input}
              onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  setSearch(input.trim());
                }
              }}
            />
          </div>
          <button type="button" class="hds-button hds-button--secondary search-form__submit" onClick={() => setSearch(input.trim())}>
            <span class="hds-icon hds-icon--search hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.searchButton}</span>
          </button>
        </div>
      </div>
      {search !== null && users.status === 'loading' ? <Loading /> : null}
      {users.status === 'error' && search !== null ? <ErrorState error={users.error} onRetry={users.retry} /> : null}
      {users.status === 'ok' && !found.length ? <Empty>{t.usersEmpty}</Empty> : null}
      {found.length ? (
        <fieldset class="hds-fieldset form__field choice-group">
          <legend class="hds-fieldset-legend">{m.choosePersonLegend}</legend>
          {found.map((user) => (
            <div class="hds-radio-button choice" key={user.id}>
              <input
                type="radio"
                class="hds-radio-button__input"
                id={`allocate-user-${user.id.replace(/[^\w-]/g, '')}`}
                name="allocate-user"
                checked={chosen?.id === user.id}
                onChange={() => onChoose(user)}
              />
              <label class="hds-radio-button__label" for={`allocate-user-${user.id.replace(/[^\w-]/g, '')}`}>
                {user.name}
                {user.email ? ` (${user.email})` : ''}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

function DuplicateForm(props: {
  request: StaffRequestFull;
  templates: StaffResponseTemplate[];
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const { t, lang } = useI18n();
  const m = t.staffRequests;
  const { request } = props;
  const [original, setOriginal] = useState('');
  const [publicNote, setPublicNote] = useState('');
  const [internalNote, setInternalNote] = useState('');
  const [finding, setFinding] = useState(false);
  const submit = useSubmit();
  const { ref, insert } = useInsert(publicNote, setPublicNote);
  const originalRef = useRef<HTMLInputElement>(null);

  const location = request.location;
  const candidates = useQuery(
    StaffRequestQueue,
    {
      filter: {
        statuses: ['RECEIVED', 'IN_HANDLING', 'RESOLVED', 'CLOSED_WITHOUT_ACTION'],
        categoryIds: [request.category.id],
        area: location ? boxAround(location.lat, location.lon, CANDIDATE_RADIUS_M) : null,
      },
      first: 11,
    },
    !location,
  );
  const nearby: StaffQueueItem[] =
    candidates.status === 'ok'
      ? candidates.data.staffServiceRequestQueue.edges.map((e) => e.node).filter((n) => n.id !== request.id).slice(0, 10)
      : [];

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (submit.busy || finding) return;
    const ref = parseRequestRef(original);
    if (ref.kind === 'invalid') {
      submit.fail([{ code: 'INVALID_INPUT', message: m.originalInvalid, field: 'originalId' }]);
      return;
    }
    let originalId: string | null = ref.kind === 'id' ? ref.id : (nearby.find((n) => n.number === ref.number)?.id ?? null);
    if (ref.kind === 'number' && !originalId) {
      if (ref.number === request.number) originalId = request.id; // the server says why not
      else {
        setFinding(true);
        try {
          originalId = await findRequestByNumber(ref.number, lang);
        } catch {
          setFinding(false);
          submit.fail([{ code: 'NETWORK' as MutationError['code'], message: t.actionFailed, field: null }]);
          return;
        }
        setFinding(false);
        if (!originalId) {
          submit.fail([{ code: 'NOT_FOUND', message: m.originalNotFound(ref.number), field: 'originalId' }]);
          return;
        }
      }
    }
    const payload = await submit.run(
      StaffMarkRequestDuplicate,
      { input: { id: request.id, originalId: originalId!, publicNote, internalNote } },
      (d) => d.markServiceRequestDuplicate,
    );
    if (payload) props.onDone(m.markedDuplicate);
  };
  useEffect(() => {
    if (stale(submit.errors)) props.onStale();
  }, [submit.attempt]);

  return (
    <form class="form" id="duplicate-form" noValidate onSubmit={onSubmit}>
      <FormAlert id="duplicate-form-alert" errors={submit.errors} focusKey={submit.attempt} />
      <p class="form__help">{m.duplicateHelp}</p>
      <div class="hds-text-input form__field">
        <label class="hds-text-input__label" for="duplicate-original">
          {m.originalLabel}
        </label>
        <span class="hds-text-input__helper-text" id="duplicate-original-help">
          {m.originalHelp}
        </span>
        <div class="hds-text-input__input-wrapper">
          <input
            id="duplicate-original"
            class="hds-text-input__input"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={original}
            ref={originalRef}
            aria-describedby="duplicate-original-help"
            onInput={(e) => setOriginal((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      {location ? (
        <div class="candidates" id="duplicate-candidates">
          <p class="templates__label">{m.candidatesLabel(CANDIDATE_RADIUS_M)}</p>
          {candidates.status === 'loading' ? <Loading /> : null}
          {candidates.status === 'error' ? <ErrorState error={candidates.error} onRetry={candidates.retry} /> : null}
          {candidates.status === 'ok' && !nearby.length ? <Empty>{m.noCandidates}</Empty> : null}
          {nearby.length ? (
            <ul class="plain-list candidates__list">
              {nearby.map((c) => (
                <li key={c.id} class="candidate" data-number={c.number}>
                  <span class="candidate__text">
                    {m.number(c.number)} {c.title} · {m.statuses[c.status]} · {m.age(ageDays(c.createdAt))}
                  </span>
                  <button
                    type="button"
                    class="hds-button hds-button--secondary hds-button--small candidate__choose"
                    aria-label={m.chooseOriginalLabel(c.number, c.title)}
                    onClick={() => {
                      setOriginal(String(c.number));
                      originalRef.current?.focus();
                    }}
                  >
                    <span class="hds-button__label">{m.chooseOriginal}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Templates
        idPrefix="duplicate"
        status="DUPLICATE"
        templates={props.templates}
        reporterLanguage={request.reporterLanguage}
        onInsert={insert}
      />
      <NoteField
        id="duplicate-public-note"
        label={m.publicNoteField}
        help={m.publicNoteHelp}
        value={publicNote}
        onInput={setPublicNote}
        fieldRef={ref}
      />
      <NoteField
        id="duplicate-internal-note"
        label={m.internalNoteField}
        help={m.internalNoteHelp}
        value={internalNote}
        onInput={setInternalNote}
      />
      <SubmitButton
        id="duplicate-submit"
        busy={submit.busy || finding}
        label={m.markDuplicateButton}
        busyLabel={finding ? m.finding : t.saving}
      />
    </form>
  );
}

function NoteForm(props: { request: StaffRequestFull; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const m = t.staffRequests;
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const payload = await submit.run(
      StaffAddInternalNote,
      { input: { id: props.request.id, note } },
      (d) => d.addInternalNote,
    );
    if (payload) props.onDone(m.noteAdded);
  };
  return (
    <form class="form" id="note-form" noValidate onSubmit={onSubmit}>
      <FormAlert id="note-form-alert" errors={submit.errors} focusKey={submit.attempt} />
      <NoteField id="internal-note" label={m.internalNoteOnly} help={m.internalNoteHelp} value={note} onInput={setNote} rows={4} />
      <SubmitButton id="note-submit" busy={submit.busy} label={m.addNoteButton} busyLabel={t.saving} />
    </form>
  );
}

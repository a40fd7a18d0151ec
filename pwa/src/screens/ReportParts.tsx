/**
 * Parts of the report flow and of the request screens: status labels, the answers to a
 * category's questions (the Open311 datatypes), the photo picker with uploads, and an outbox
 * entry with its state, its tracking link and what can be done with it.
 */
import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import 'hds-core/lib/icons/camera.min.css';
import 'hds-core/lib/icons/photo-plus.min.css';
import 'hds-core/lib/icons/refresh.min.css';
import 'hds-core/lib/icons/wifi-crossed.min.css';
import 'hds-core/lib/icons/link.min.css';
import 'hds-core/lib/icons/bell.min.css';
import 'hds-core/lib/icons/bell-crossed.min.css';
import 'hds-core/lib/icons/upload-cloud.min.css';
import 'hds-core/lib/icons/pen.min.css';
import { formatClock, formatDayMonth, helsinkiDateTime } from '../format.ts';
import type { Lang } from '../i18n/index.ts';
import { recordLabel, removeRecord, sendNow, trackingPath, type OutboxRecord } from '../outbox.ts';
import { answerFieldId, draftFromRecord, updateDraft } from '../report-draft.ts';
import { useReportText, type OutboxState } from '../report-messages.ts';
import { uploadProgressStore, type ReportPhoto } from '../report-photos.ts';
import type { RequestQuestion, RequestStatus } from '../report-types.ts';
import { navigate, paths } from '../router.ts';
import { announce, useStore } from '../store.ts';
import type { FieldError } from '../components/common.tsx';

const STATUS_KIND: Record<RequestStatus, 'success' | 'info' | 'alert' | 'error' | null> = {
  RECEIVED: 'info',
  IN_HANDLING: 'alert',
  RESOLVED: 'success',
  CLOSED_WITHOUT_ACTION: null,
  REJECTED: 'error',
  DUPLICATE: null,
};

export function RequestStatusLabel({ status, id }: { status: RequestStatus; id?: string }) {
  const { r } = useReportText();
  const kind = STATUS_KIND[status];
  return (
    <span class={`hds-status-label${kind ? ` hds-status-label--${kind}` : ''} status-label`} id={id} data-status={status}>
      {r.status[status]}
    </span>
  );
}

const STATE_KIND: Record<OutboxState, 'success' | 'info' | 'alert' | 'error'> = {
  waiting: 'alert',
  sending: 'info',
  sent: 'success',
  failed: 'error',
};

export function OutboxStateLabel({ state }: { state: OutboxState }) {
  const { r } = useReportText();
  return (
    <span class={`hds-status-label hds-status-label--${STATE_KIND[state]} status-label`} data-outbox-state={state}>
      {r.outboxState[state]}
    </span>
  );
}

/** "1. joulukuuta 2026 9.05" / "1 December 2026 09:05" in Helsinki time (fits mid-sentence). */
export function formatWhen(iso: string, locale: string, lang: Lang): string {
  return `${formatDayMonth(helsinkiDateTime(iso).date, locale, true)} ${formatClock(iso, lang)}`;
}

// ---------------------------------------------------------------- questions

/**
 * The fields of a category's questions by datatype: a line of text (string), a text area (text),
 * a number, a date and time (datetime, in Helsinki time), one choice (radios) or several
 * (checkboxes). Values are kept as typed; `typedAnswers` (report-draft.ts) checks and types them.
 */
export function QuestionFields({
  questions,
  values,
  errors,
  onChange,
}: {
  questions: RequestQuestion[];
  values: Record<string, string | string[]>;
  errors: FieldError[];
  onChange: (code: string, value: string | string[]) => void;
}) {
  const { t, r } = useReportText();
  return (
    <>
      {questions.map((q) => {
        const id = answerFieldId(q.code);
        const error = errors.find((e) => e.fieldId === id || e.fieldId === `${id}-0`) ?? null;
        const errorId = `${id}-error`;
        const helpId = `${id}-help`;
        const label = (
          <>
            {q.description}
            {q.required ? null : <span class="optional"> ({t.optional})</span>}
          </>
        );
        const errorText = error ? (
          <span class="hds-text-input__error-text" id={errorId}>
            {error.message}
          </span>
        ) : null;
        const value = values[q.code];
        if (q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist') {
          const many = q.datatype === 'multivaluelist';
          const chosen = Array.isArray(value) ? value : value ? [value] : [];
          return (
            <fieldset
              class="hds-fieldset form__field choice-group"
              id={id}
              key={q.code}
              aria-describedby={[helpId, error ? errorId : ''].filter(Boolean).join(' ')}
            >
              <legend class="hds-fieldset-legend">{label}</legend>
              <p class="form__help" id={helpId}>
                {many ? r.chooseAny : r.chooseOne}
              </p>
              {errorText}
              {q.values.map((option, i) => (
                <div class={`${many ? 'hds-checkbox choice-check' : 'hds-radio-button choice'}`} key={option.key}>
                  <input
                    type={many ? 'checkbox' : 'radio'}
                    class={many ? 'hds-checkbox__input' : 'hds-radio-button__input'}
                    id={`${id}-${i}`}
                    name={id}
                    value={option.key}
                    checked={chosen.includes(option.key)}
                    aria-invalid={error ? 'true' : undefined}
                    onChange={(event) => {
                      const on = (event.currentTarget as HTMLInputElement).checked;
                      if (!many) onChange(q.code, option.key);
                      else onChange(q.code, on ? [...chosen, option.key] : chosen.filter((k) => k !== option.key));
                    }}
                  />
                  <label class={many ? 'hds-checkbox__label' : 'hds-radio-button__label'} for={`${id}-${i}`}>
                    {option.name}
                  </label>
                </div>
              ))}
            </fieldset>
          );
        }
        const text = typeof value === 'string' ? value : '';
        const describedBy =
          [q.datatype === 'datetime' ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          class: 'hds-text-input__input',
          value: text,
          'aria-invalid': error ? ('true' as const) : undefined,
          'aria-describedby': describedBy,
          'aria-required': q.required ? ('true' as const) : undefined,
        };
        return (
          <div class={`hds-text-input form__field${error ? ' hds-text-input--invalid' : ''}`} key={q.code}>
            <label class="hds-text-input__label" for={id}>
              {label}
            </label>
            {q.datatype === 'datetime' ? (
              <span class="hds-text-input__helper-text" id={helpId}>
                {r.dateTimeHelp}
              </span>
            ) : null}
            <div class="hds-text-input__input-wrapper">
              {q.datatype === 'text' ? (
                <textarea
                  {...common}
                  rows={4}
                  onInput={(e) => onChange(q.code, (e.currentTarget as HTMLTextAreaElement).value)}
                />
              ) : q.datatype === 'datetime' ? (
                <input
                  {...common}
                  type="datetime-local"
                  onInput={(e) => onChange(q.code, (e.currentTarget as HTMLInputElement).value)}
                />
              ) : (
                <input
                  {...common}
                  type="text"
                  inputMode={q.datatype === 'number' ? 'decimal' : undefined}
                  autocomplete="off"
                  onInput={(e) => onChange(q.code, (e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </div>
            {errorText}
          </div>
        );
      })}
    </>
  );
}

// ---------------------------------------------------------------- photos

export interface PhotoRow {
  photo: ReportPhoto;
  /** No upload is running and none is possible now: it goes with the report later. */
  waiting: boolean;
}

/** The photos added so far, each with its preview, its upload state and a remove button. */
export function PhotoList({ rows, onRemove }: { rows: PhotoRow[]; onRemove?: (key: string) => void }) {
  const { r } = useReportText();
  const progress = useStore(uploadProgressStore);
  if (!rows.length) return null;
  return (
    <ul class="upload-list" id="photo-list" aria-label={r.photoListLabel}>
      {rows.map(({ photo, waiting }, i) => {
        const uploading = photo.key in progress;
        const percent = progress[photo.key];
        const state = photo.uploadedId ? 'uploaded' : uploading ? 'uploading' : waiting ? 'waiting' : 'pending';
        const labelId = `photo-${photo.key}-label`;
        return (
          <li class="photo-item" key={photo.key} data-state={state}>
            {photo.thumb ? (
              <img class="photo-item__thumb" src={photo.thumb} alt="" width={80} height={80} />
            ) : (
              <span class="photo-item__thumb photo-item__thumb--none" aria-hidden="true">
                <span class="hds-icon hds-icon--photo-plus hds-icon--size-m" />
              </span>
            )}
            <div class="photo-item__body">
              <p class="photo-item__name" id={labelId}>
                {r.photoLabel(i + 1)}
                <span class="photo-item__file">{photo.name}</span>
              </p>
              {state === 'uploading' ? (
                <>
                  <progress
                    class="photo-item__progress"
                    max={100}
                    value={typeof percent === 'number' ? percent : undefined}
                    aria-label={r.uploadingPercent(typeof percent === 'number' ? percent : 0)}
                  />
                  <span class="photo-item__state">
                    {typeof percent === 'number' ? r.uploadingPercent(percent) : r.outboxState.sending}
                  </span>
                </>
              ) : (
                <span class="photo-item__state">
                  {state === 'uploaded' ? (
                    <>
                      <span class="hds-icon hds-icon--check hds-icon--size-s" aria-hidden="true" />
                      {r.uploaded}
                    </>
                  ) : state === 'waiting' ? (
                    <>
                      <span class="hds-icon hds-icon--upload-cloud hds-icon--size-s" aria-hidden="true" />
                      {r.photoWaiting}
                    </>
                  ) : null}
                </span>
              )}
            </div>
            {onRemove ? (
              <button
                type="button"
                class="hds-button hds-button--supplementary photo-item__remove"
                onClick={() => onRemove(photo.key)}
              >
                <span class="hds-icon hds-icon--trash hds-icon--size-s" aria-hidden="true" />
                <span class="hds-button__label">{r.removePhoto(i + 1)}</span>
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Two file inputs styled as buttons: the camera (`capture`, straight to the camera on phones) and
 * the photo picker (several at once). The inputs stay real (visually hidden) so they are labelled,
 * focusable and testable.
 */
export function PhotoInputs({ disabled, onFiles }: { disabled: boolean; onFiles: (files: File[]) => void }) {
  const { r } = useReportText();
  const pick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const files = input.files ? [...input.files] : [];
    input.value = '';
    if (files.length) onFiles(files);
  };
  return (
    <div class="photo-inputs">
      <div class="file-button">
        <input
          type="file"
          id="photo-camera"
          class="file-button__input"
          accept="image/*"
          capture="environment"
          disabled={disabled}
          onChange={pick}
        />
        <label for="photo-camera" class="hds-button hds-button--primary file-button__label">
          <span class="hds-icon hds-icon--camera hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{r.takePhoto}</span>
        </label>
      </div>
      <div class="file-button">
        <input
          type="file"
          id="photo-picker"
          class="file-button__input"
          accept="image/*,.heic,.heif"
          multiple
          disabled={disabled}
          onChange={pick}
        />
        <label for="photo-picker" class="hds-button hds-button--secondary file-button__label">
          <span class="hds-icon hds-icon--photo-plus hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{r.choosePhotos}</span>
        </label>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- the outbox

/** The tracking link of an anonymous report: a read-only field, a copy button and a link. */
export function TrackingLink({ url, path }: { url: string; path: string | null }) {
  const { r } = useReportText();
  const [copied, setCopied] = useState<string | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(r.linkCopied);
      announce(r.linkCopied);
    } catch {
      fieldRef.current?.select();
      setCopied(r.copyManually);
      announce(r.copyManually);
    }
  };
  return (
    <section class="tracking" aria-labelledby={`${id}-heading`} id="tracking">
      <h2 class="section__heading" id={`${id}-heading`}>
        {r.trackingHeading}
      </h2>
      <p>{r.trackingIntro}</p>
      <div class="hds-text-input form__field">
        <label class="hds-text-input__label" for="tracking-url">
          {r.trackingLinkLabel}
        </label>
        <div class="hds-text-input__input-wrapper">
          <input id="tracking-url" class="hds-text-input__input" type="text" readOnly value={url} ref={fieldRef} />
        </div>
      </div>
      <div class="button-row">
        <button type="button" class="hds-button hds-button--secondary" id="copy-tracking" onClick={() => void copy()}>
          <span class="hds-icon hds-icon--copy hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{r.copyLink}</span>
        </button>
        {path ? (
          <a class="hds-button hds-button--primary" href={path} id="tracking-link">
            <span class="hds-icon hds-icon--link hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{r.openTracking}</span>
          </a>
        ) : null}
      </div>
      {copied ? (
        <p class="form__saved" role="status">
          {copied}
        </p>
      ) : null}
    </section>
  );
}

/** Why a waiting entry waits, in words. */
export function waitingText(record: OutboxRecord, r: ReturnType<typeof useReportText>['r']): string {
  if (record.waitingFor === 'signIn') return r.waitingSignIn(record.ownerName ?? '');
  if (record.waitingFor === 'server') return r.waitingRetry;
  if (record.waitingFor === 'connection' || navigator.onLine === false) return r.waitingOffline;
  return r.sendingNow;
}

/** An outbox entry's state, the reason, and "try now" / delete (not while sending or once sent). */
export function OutboxDetails({
  record,
  headingLevel = 3,
  showResult = true,
  onDeleted,
}: {
  record: OutboxRecord;
  headingLevel?: 2 | 3;
  /** The sent number and the link to the request (the sent step shows them itself). */
  showResult?: boolean;
  onDeleted?: () => void;
}) {
  const { r } = useReportText();
  const label = recordLabel(record);
  const actions: ComponentChildren[] = [];
  if (record.state === 'failed') {
    actions.push(
      <button
        type="button"
        class="hds-button hds-button--primary hds-button--small"
        key="edit"
        data-action="edit"
        onClick={() => {
          updateDraft(() => draftFromRecord(record));
          void removeRecord(record.clientId).then(() => navigate(paths.report('review')));
        }}
      >
        <span class="hds-icon hds-icon--pen hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{r.editReport}</span>
      </button>,
    );
  }
  if (record.state === 'waiting' || record.state === 'failed') {
    actions.push(
      <button
        type="button"
        class="hds-button hds-button--secondary hds-button--small"
        key="send"
        data-action="send-now"
        onClick={() => sendNow(record.clientId)}
      >
        <span class="hds-icon hds-icon--refresh hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{r.sendNow}</span>
      </button>,
      <button
        type="button"
        class="hds-button hds-button--supplementary hds-button--small"
        key="delete"
        data-action="delete"
        aria-label={r.deleteReport(label)}
        onClick={() => {
          void removeRecord(record.clientId).then(() => {
            announce(r.reportDeleted);
            onDeleted?.();
          });
        }}
      >
        <span class="hds-icon hds-icon--trash hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{r.deleteLabel}</span>
      </button>,
    );
  }
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="outbox-details" data-state={record.state}>
      {record.state === 'failed' ? (
        <div class="hds-notification hds-notification--error notice" data-state="error">
          <div class="hds-notification__content" role="alert">
            <Heading class="hds-notification__label">
              <span class="hds-icon hds-icon--error-fill hds-icon--size-s" aria-hidden="true" />
              <span>{r.failedTitle}</span>
            </Heading>
            <div class="hds-notification__body">
              <p class="outbox-details__reason">{record.failure || r.failedGeneric}</p>
            </div>
          </div>
        </div>
      ) : null}
      {record.state === 'waiting' || record.state === 'sending' ? (
        <p class="outbox-details__reason">
          <span
            class={`hds-icon ${record.waitingFor === 'connection' ? 'hds-icon--wifi-crossed' : 'hds-icon--clock'} hds-icon--size-s`}
            aria-hidden="true"
          />
          <span>{record.state === 'sending' ? r.sendingNow : waitingText(record, r)}</span>
        </p>
      ) : null}
      {showResult && record.state === 'sent' && record.result ? <p class="outbox-details__reason">{r.sentNumber(record.result.number)}</p> : null}
      {record.droppedPhotos ? <p class="outbox-details__reason">{r.photosDropped(record.droppedPhotos)}</p> : null}
      {showResult && record.state === 'sent' && record.result ? (
        <p>
          {record.result.trackingToken ? (
            <a class="hds-link block-link" href={trackingPath(record.result) ?? '#'} data-link="tracking">
              {r.openTracking}
            </a>
          ) : (
            <a class="hds-link block-link" href={paths.request(record.result.id)} data-link="request">
              {r.viewRequest}
            </a>
          )}
        </p>
      ) : null}
      {actions.length ? <div class="button-row">{actions}</div> : null}
    </div>
  );
}

// ---------------------------------------------------------------- entry point

/** "Noticed a problem in the city?" on the home screen: report, nearby reports, my reports. */
export function ReportEntry() {
  const { r } = useReportText();
  return (
    <section class="card report-entry" aria-labelledby="report-entry-heading" id="report-entry">
      <h2 class="section__heading" id="report-entry-heading">
        {r.homeReportHeading}
      </h2>
      <p>{r.homeReportIntro}</p>
      <p>
        <a class="hds-button hds-button--primary" href={paths.report()} id="report-link">
          <span class="hds-icon hds-icon--camera hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{r.reportLink}</span>
        </a>
      </p>
      <ul class="plain-list report-entry__links">
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.nearbyRequests()} id="nearby-link">
            {r.nearbyLink}
          </a>
        </li>
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.myRequests()} id="home-requests-link">
            {r.myReportsLink}
          </a>
        </li>
      </ul>
    </section>
  );
}

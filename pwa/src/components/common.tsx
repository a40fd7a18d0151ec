import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { QueryError } from '../graphql/client.ts';
import { useI18n } from '../i18n/index.ts';
import { currentSerial, navigate } from '../router.ts';
import {
  announce,
  announcementStore,
  flashStore,
  offlineStore,
  useStore,
  type FlashMessage,
} from '../store.ts';

/** The screen's one h1: focusable by script so navigation can move focus to it. */
export function PageHeading({ children }: { children: ComponentChildren }) {
  return (
    <h1 id="page-heading" class="page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}

/** Sets document.title for the screen. */
export function useTitle(screenTitle: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = t.pageTitle(screenTitle);
  }, [screenTitle, t]);
}

/** Announce `text` through the polite live region whenever it changes (empty: nothing). */
export function useAnnounce(text: string | null): void {
  useEffect(() => {
    if (text) announce(text);
  }, [text]);
}

export function LiveRegion() {
  const text = useStore(announcementStore);
  return (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="live-region">
      {text}
    </div>
  );
}

/** The "you are offline, showing saved information" notice; the role=status element stays in the DOM. */
export function OfflineNotice() {
  const offline = useStore(offlineStore);
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" id="offline-notice" class="offline-notice-region">
      {offline ? (
        <div class="hds-notification hds-notification--alert offline-notice">
          <div class="hds-notification__content">
            <div class="hds-notification__label">
              <span class="hds-icon hds-icon--alert-circle-fill hds-icon--size-s" aria-hidden="true" />
              <span>{t.offlineNotice}</span>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  useAnnounce(label ?? t.loading);
  return (
    <div class="loading" data-state="loading">
      <div class="hds-loading-spinner hds-loading-spinner--small" aria-hidden="true">
        <div />
        <div />
        <div />
      </div>
      <span>{label ?? t.loading}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: QueryError | null; onRetry?: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const body = error?.kind === 'offline' ? t.errorOfflineBody : t.errorBody;
  useAnnounce(`${t.errorTitle}. ${body}`);
  return (
    <section class="hds-notification hds-notification--error state-error" aria-labelledby={id} data-state="error">
      <div class="hds-notification__content">
        <p class="hds-notification__label" id={id}>
          <span class="hds-icon hds-icon--error-fill hds-icon--size-s" aria-hidden="true" />
          <span>{t.errorTitle}</span>
        </p>
        <div class="hds-notification__body">
          <p>{body}</p>
          {onRetry ? (
            <button type="button" class="hds-button hds-button--secondary hds-button--small" onClick={onRetry}>
              <span class="hds-button__label">{t.retry}</span>
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <p class="state-empty" data-state="empty">
      {children}
    </p>
  );
}

/** "Showing 20 of 57" and the Load more button of a cursor-paged list. */
export function LoadMore(props: {
  shown: number;
  total: number;
  hasNextPage: boolean;
  loading: boolean;
  error: QueryError | null;
  onLoadMore: () => void;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const countId = `${props.idPrefix}-count`;
  return (
    <div class="load-more">
      <p id={countId} class="load-more__count">
        {t.showingOf(props.shown, props.total)}
      </p>
      {props.error ? <ErrorState error={props.error} /> : null}
      {props.hasNextPage ? (
        <button
          type="button"
          class="hds-button hds-button--secondary load-more__button"
          aria-describedby={countId}
          aria-disabled={props.loading ? 'true' : undefined}
          onClick={props.loading ? undefined : props.onLoadMore}
        >
          <span class="hds-button__label">{props.loading ? t.loading : t.loadMore}</span>
        </button>
      ) : null}
    </div>
  );
}

/** Moves focus to the first link of the item at `index` once it is rendered (after Load more). */
export function useFocusAppended(index: number | null) {
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (index === null) return;
    const item = ref.current?.children[index] as HTMLElement | undefined;
    // The item's link, else the item itself when it is focusable (tabIndex -1).
    (item?.querySelector<HTMLElement>('a') ?? (item?.hasAttribute('tabindex') ? item : null))?.focus();
  }, [index]);
  return ref;
}

/** Go to `url` and show `message` on the screen there (it goes away at the next navigation). */
export function navigateWithFlash(url: string, message: FlashMessage, replace = false): void {
  navigate(url, replace);
  flashStore.set({ message, serial: currentSerial() });
}

/** "You have signed out" and the like, above the screen after the navigation; role=status stays in the DOM. */
export function FlashNotice() {
  const flash = useStore(flashStore);
  const { t } = useI18n();
  let text: string | null = null;
  if (flash) {
    const m = flash.message;
    text =
      m.kind === 'signedIn' ? t.flashSignedIn(m.name) : m.kind === 'signedOut' ? t.flashSignedOut : t.flashAccountDeleted;
  }
  return (
    <div role="status" aria-live="polite" id="flash-notice" class="offline-notice-region">
      {text ? (
        <div class="hds-notification hds-notification--success flash-notice">
          <div class="hds-notification__content">
            <p class="hds-notification__label">
              <span class="hds-icon hds-icon--check-circle-fill hds-icon--size-s" aria-hidden="true" />
              <span>{text}</span>
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

export interface FieldError {
  /** The id of the field at fault (the summary links to it), or null for the whole form. */
  fieldId: string | null;
  message: string;
}

/**
 * The error summary of a form (GOV.UK / HDS pattern): a focusable box whose inner role=alert is
 * announced, with links that move focus to the fields at fault. `focusKey` changes at every
 * failed attempt, which moves focus to the summary.
 */
export function ErrorSummary({ title, errors, focusKey }: { title: string; errors: FieldError[]; focusKey: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useLayoutEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [focusKey]);
  if (!errors.length) return null;
  return (
    <div
      class="hds-notification hds-notification--error error-summary"
      id="error-summary"
      tabIndex={-1}
      ref={ref}
      aria-labelledby={id}
      data-state="error"
    >
      <div role="alert" class="hds-notification__content">
        <h2 class="hds-notification__label error-summary__title" id={id}>
          <span class="hds-icon hds-icon--error-fill hds-icon--size-s" aria-hidden="true" />
          <span>{title}</span>
        </h2>
        <div class="hds-notification__body hds-error-summary__body">
          <ul class="error-summary__list">
            {errors.map((error, i) => (
              <li key={`${error.fieldId ?? ''}:${i}`}>
                {error.fieldId ? (
                  <a
                    class="hds-link error-summary__link"
                    href={`#${error.fieldId}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(error.fieldId!)?.focus();
                    }}
                  >
                    {error.message}
                  </a>
                ) : (
                  error.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** A notification inside a screen (success, info or error); `focusRef` lets the caller move focus to it. */
export function Notice({
  type,
  title,
  children,
  id,
  focusRef,
}: {
  type: 'success' | 'info' | 'error';
  title: string;
  children?: ComponentChildren;
  id?: string;
  focusRef?: { current: HTMLElement | null };
}) {
  const labelId = useId();
  const icon = type === 'success' ? 'check-circle-fill' : type === 'error' ? 'error-fill' : 'info-circle-fill';
  return (
    <section
      class={`hds-notification hds-notification--${type} notice`}
      aria-labelledby={labelId}
      id={id}
      tabIndex={focusRef ? -1 : undefined}
      ref={focusRef as { current: HTMLElement | null } | undefined}
      data-state={type === 'error' ? 'error' : undefined}
    >
      <div class="hds-notification__content">
        <p class="hds-notification__label" id={labelId}>
          <span class={`hds-icon hds-icon--${icon} hds-icon--size-s`} aria-hidden="true" />
          <span>{title}</span>
        </p>
        {children ? <div class="hds-notification__body">{children}</div> : null}
      </div>
    </section>
  );
}

/** A done-and-saved confirmation with a check mark, inside a form's status region. */
export function SavedNote({ children }: { children: ComponentChildren }) {
  return (
    <p class="form__saved">
      <span class="hds-icon hds-icon--check-circle-fill hds-icon--size-s" aria-hidden="true" />
      <span>{children}</span>
    </p>
  );
}

import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { QueryError } from '../graphql/client.ts';
import { useI18n } from '../i18n/index.ts';
import { announce, announcementStore, offlineStore, useStore } from '../store.ts';

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
    const item = ref.current?.children[index];
    item?.querySelector<HTMLElement>('a')?.focus();
  }, [index]);
  return ref;
}

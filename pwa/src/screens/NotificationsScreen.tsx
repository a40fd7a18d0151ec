/**
 * The notification centre (/notifications, signed in): the same news as the pushes, newest
 * first, for everyone, with or without push. Unread ones stand out; opening one marks it read;
 * "Mark all as read"; "Load more". The header's badge follows the unread count.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import 'hds-core/lib/icons/bell.min.css';
import {
  Empty,
  ErrorState,
  Loading,
  LoadMore,
  Notice,
  PageHeading,
  useFocusAppended,
  useTitle,
} from '../components/common.tsx';
import { runQuery } from '../graphql/client.ts';
import { useConnection } from '../graphql/hooks.ts';
import { MarkNotificationsRead, MyNotifications } from '../graphql/operations.ts';
import type { AppNotification, MyNotificationsData } from '../graphql/types.ts';
import { useNotificationText } from '../i18n/notifications.ts';
import { notificationsChanged, setUnreadCount, unreadCountStore } from '../notification-centre.ts';
import { appPath } from '../push-helpers.ts';
import { paths } from '../router.ts';
import { sessionStore } from '../session.ts';
import { announce, useStore } from '../store.ts';
import { formatWhen } from './ReportParts.tsx';

const PAGE_SIZE = 20;

export function NotificationsScreen() {
  const { n } = useNotificationText();
  const session = useStore(sessionStore);
  useTitle(n.centreTitle);
  let body;
  if (session.status === 'loading') body = <Loading />;
  else if (session.status === 'error') body = <ErrorState error={session.error} />;
  else if (!session.me) {
    body = (
      <div data-state="empty">
        <p>{n.signInToSee}</p>
        <p>
          <a class="hds-button hds-button--primary" href={paths.signIn(paths.notifications())} id="notifications-sign-in">
            <span class="hds-icon hds-icon--signin hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{n.signInToSee}</span>
          </a>
        </p>
      </div>
    );
  } else body = <NotificationList key={session.me.user.id} />;
  return (
    <>
      <PageHeading>{n.centreTitle}</PageHeading>
      {body}
    </>
  );
}

function NotificationList() {
  const { n, t, lang, locale } = useNotificationText();
  const unread = useStore(unreadCountStore);
  const changed = useStore(notificationsChanged);
  const list = useConnection(MyNotifications, { first: PAGE_SIZE }, (data: MyNotificationsData) => {
    setUnreadCount(data.unreadNotificationCount);
    return data.myNotifications;
  });
  const [readHere, setReadHere] = useState<Set<string>>(new Set());
  const [allReadAt, setAllReadAt] = useState<number | null>(null);
  const [marking, setMarking] = useState(false);
  const [markNote, setMarkNote] = useState<string | null>(null);
  const [markError, setMarkError] = useState<string | null>(null);
  const errorRef = useRef<HTMLElement | null>(null);
  const listRef = useFocusAppended(list.appendedAt);
  const firstChange = useRef(changed);

  // A push arrived or something was marked read elsewhere: the first page again.
  useEffect(() => {
    if (changed === firstChange.current) return;
    firstChange.current = changed;
    setAllReadAt(null);
    list.retry();
  }, [changed]);

  useLayoutEffect(() => {
    if (markError) errorRef.current?.focus();
  }, [markError]);

  const isRead = (item: AppNotification) => !!item.readAt || readHere.has(item.id) || allReadAt !== null;

  const markOne = (item: AppNotification) => {
    if (isRead(item)) return;
    setReadHere((prev) => new Set(prev).add(item.id));
    const count = unreadCountStore.get();
    if (count) setUnreadCount(count - 1);
    // The screen changes at once (a link): the answer only corrects the count.
    runQuery(MarkNotificationsRead, { input: { ids: [item.id] } }, lang).then(
      ({ data }) => {
        if (!data.markNotificationsRead.errors.length) setUnreadCount(data.markNotificationsRead.unreadCount);
      },
      () => undefined,
    );
  };

  const markAll = async () => {
    if (marking) return;
    setMarking(true);
    setMarkNote(null);
    setMarkError(null);
    try {
      const { data } = await runQuery(MarkNotificationsRead, { input: { all: true } }, lang);
      const payload = data.markNotificationsRead;
      if (payload.errors.length) {
        setMarkError(payload.errors[0]?.message ?? t.actionFailed);
      } else {
        setAllReadAt(Date.now());
        setUnreadCount(payload.unreadCount);
        setMarkNote(n.allMarkedRead);
        announce(n.allMarkedRead);
      }
    } catch {
      setMarkError(navigator.onLine === false ? t.actionOffline : t.actionFailed);
    } finally {
      setMarking(false);
    }
  };

  if (list.status === 'loading') return <Loading />;
  if (list.status === 'error') return <ErrorState error={list.error} onRetry={list.retry} />;

  const unreadNow = unread ?? list.items.filter((item) => !isRead(item)).length;

  return (
    <div class="notification-centre">
      <p class="notification-centre__intro">{n.centreIntro}</p>
      <div class="notification-centre__tools">
        <p id="unread-count" data-count={unreadNow}>
          {n.unreadCount(unreadNow)}
        </p>
        {unreadNow > 0 ? (
          <button
            type="button"
            class="hds-button hds-button--secondary hds-button--small"
            id="mark-all-read"
            aria-disabled={marking ? 'true' : undefined}
            onClick={() => void markAll()}
          >
            <span class="hds-icon hds-icon--check hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{marking ? n.markingRead : n.markAllRead}</span>
          </button>
        ) : null}
      </div>
      <div role="status" class="form__status" id="mark-read-status">
        {markNote ? <p class="form__saved">{markNote}</p> : null}
      </div>
      {markError ? (
        <Notice type="error" title={t.errorTitle} id="mark-read-error" focusRef={errorRef}>
          <p>{markError}</p>
        </Notice>
      ) : null}
      {list.items.length === 0 ? (
        <Empty>{n.empty}</Empty>
      ) : (
        <>
          <ul class="notification-list" id="notification-list" aria-label={n.listLabel} ref={listRef}>
            {list.items.map((item) => {
              const read = isRead(item);
              return (
                <li
                  key={item.id}
                  class={`notification-item${read ? '' : ' notification-item--unread'}`}
                  data-read={read ? 'true' : 'false'}
                  data-kind={item.kind}
                >
                  <a
                    class="notification-item__link"
                    href={appPath(item.url, window.location.origin)}
                    onClick={() => markOne(item)}
                  >
                    {read ? null : <span class="notification-item__unread">{n.unread}: </span>}
                    {item.title}
                  </a>
                  <p class="notification-item__body preserve-lines">{item.body}</p>
                  <p class="notification-item__meta">
                    <time dateTime={item.createdAt}>{formatWhen(item.createdAt, locale, lang)}</time>
                    <span> · {n.kindNames[item.kind]}</span>
                  </p>
                </li>
              );
            })}
          </ul>
          <LoadMore
            shown={list.items.length}
            total={list.totalCount}
            hasNextPage={list.hasNextPage}
            loading={list.loadingMore}
            error={list.loadMoreError}
            onLoadMore={list.loadMore}
            idPrefix="notifications"
          />
        </>
      )}
      <p class="notification-centre__settings">
        <a class="hds-link" href={`${paths.profile()}#notification-settings`} id="notification-settings-link">
          {n.settingsLink}
        </a>
      </p>
    </div>
  );
}

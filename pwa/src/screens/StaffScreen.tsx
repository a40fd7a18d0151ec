import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  Empty,
  ErrorState,
  Loading,
  LoadMore,
  PageHeading,
  useAnnounce,
  useFocusAppended,
  useTitle,
} from '../components/common.tsx';
import { useConnection, useQuery } from '../graphql/hooks.ts';
import { AuditLog, ScopeNames, Users } from '../graphql/operations.ts';
import type { AuditEvent, Me, RoleGrant, ScopeNode, UserSummary } from '../graphql/types.ts';
import { useI18n, type Messages } from '../i18n/index.ts';
import { navigate, paths } from '../router.ts';
import { loadMe, sessionStore } from '../session.ts';
import { useStore } from '../store.ts';
import { seesServiceRequests } from './StaffRequestQueueScreen.tsx';

const PAGE_SIZE = 20;

/**
 * The catalogue's global id of a role's scope (units and services), to show its name and link
 * to it. Relay ids are base64 of "Type:id"; only plain numeric scope ids can be such objects.
 */
export function scopeGlobalId(grant: RoleGrant): string | null {
  if (!grant.scopeId || !/^\d+$/.test(grant.scopeId)) return null;
  if (grant.scopeType === 'UNIT') return btoa(`Unit:${grant.scopeId}`);
  if (grant.scopeType === 'SERVICE') return btoa(`Service:${grant.scopeId}`);
  return null;
}

export function StaffScreen() {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  useTitle(t.staffTitle);

  useEffect(() => {
    if (session.status === 'ready' && !session.me) navigate(paths.signIn(paths.staff()), true);
  }, [session]);

  if (session.status === 'error') {
    return (
      <>
        <PageHeading>{t.staffTitle}</PageHeading>
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (session.status === 'loading' || !session.me) {
    return (
      <>
        <PageHeading>{t.staffTitle}</PageHeading>
        <Loading />
      </>
    );
  }
  const me = session.me;
  if (!me.isStaff) {
    return (
      <div data-state="forbidden">
        <PageHeading>{t.staffForbiddenTitle}</PageHeading>
        <p class="lead">{t.staffForbiddenBody}</p>
        <p>
          <a class="hds-link hds-link--medium block-link" href={paths.home()}>
            {t.backToHome}
          </a>
        </p>
      </div>
    );
  }
  return (
    <>
      <PageHeading>{t.staffTitle}</PageHeading>
      {me.user.roles.some((g) => g.scopeType === 'UNIT') ? (
        <p>
          <a class="hds-button hds-button--primary" href={paths.staffAppointments()} id="staff-appointments-link">
            <span class="hds-icon hds-icon--calendar hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.staffAppointmentsLink}</span>
          </a>
        </p>
      ) : null}
      {me.user.roles.some((g) => g.scopeType === 'UNIT') ? (
        <p>
          <a class="hds-button hds-button--secondary" href={paths.staffSchedule()} id="staff-schedule-link">
            <span class="hds-icon hds-icon--clock hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.staffScheduleLink}</span>
          </a>
        </p>
      ) : null}
      {seesServiceRequests(me) ? (
        <p>
          <a class="hds-button hds-button--secondary" href={paths.staffRequests()} id="staff-requests-link">
            <span class="hds-icon hds-icon--location hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.staffRequests.link}</span>
          </a>
        </p>
      ) : null}
      <MyRoles me={me} />
      {me.isAdmin ? (
        <>
          <AuditLogSection />
          <UsersSection />
        </>
      ) : null}
    </>
  );
}

/** "Handler – Service point: Kallio Library" */
function RoleLine({ grant, names }: { grant: RoleGrant; names: Map<string, ScopeNode> }) {
  const { t } = useI18n();
  const gid = scopeGlobalId(grant);
  const node = gid ? names.get(gid) : undefined;
  const role = t.roleNames[grant.role] ?? grant.role;
  if (grant.scopeType === 'GLOBAL') {
    return (
      <>
        <strong class="role__name">{role}</strong> <span class="role__scope">– {t.scopeGlobal}</span>
      </>
    );
  }
  const kind = t.scopeKinds[grant.scopeType];
  const href = node?.name ? (node.__typename === 'Unit' ? paths.unit(node.id) : paths.service(node.id)) : null;
  return (
    <>
      <strong class="role__name">{role}</strong>{' '}
      <span class="role__scope">
        – {kind}:{' '}
        {href ? (
          <a class="hds-link" href={href}>
            {node!.name}
          </a>
        ) : (
          (grant.scopeId ?? '')
        )}
      </span>
    </>
  );
}

function MyRoles({ me }: { me: Me }) {
  const { t } = useI18n();
  const ids = useMemo(
    () => [...new Set(me.user.roles.map(scopeGlobalId).filter((id): id is string => id !== null))].sort(),
    [me],
  );
  const scopes = useQuery(ScopeNames, { ids }, ids.length === 0);
  const names = new Map<string, ScopeNode>();
  if (scopes.status === 'ok') {
    for (const node of scopes.data.nodes) if (node) names.set(node.id, node);
  }
  return (
    <section class="section card" aria-labelledby="staff-roles-heading" id="staff-roles">
      <h2 id="staff-roles-heading" class="section__heading">
        {t.rolesHeading}
      </h2>
      {me.user.roles.length ? (
        <ul class="plain-list">
          {me.user.roles.map((grant) => (
            <li key={grant.id} class="role">
              <RoleLine grant={grant} names={names} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="state-empty">{t.noRoles}</p>
      )}
    </section>
  );
}

function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Helsinki',
  }).format(date);
}

function auditActionLabel(t: Messages, action: string): string {
  return t.auditActions[action] ?? action;
}

function AuditLogSection() {
  const { t, locale } = useI18n();
  const log = useConnection(AuditLog, { first: PAGE_SIZE }, (d) => d.auditLog);
  return (
    <section class="section" aria-labelledby="audit-log-heading" id="audit-log">
      <h2 id="audit-log-heading" class="section__heading">
        {t.auditHeading}
        {log.status === 'ok' ? <span class="section__count"> ({log.totalCount})</span> : null}
      </h2>
      {log.status === 'loading' ? <Loading /> : null}
      {log.status === 'error' ? <ErrorState error={log.error} onRetry={log.retry} /> : null}
      {log.status === 'ok' && log.items.length === 0 ? <Empty>{t.auditEmpty}</Empty> : null}
      {log.status === 'ok' && log.items.length > 0 ? (
        <>
          <div class="table-scroll" role="region" aria-labelledby="audit-log-heading" tabIndex={0}>
            <table class="data-table" id="audit-log-table">
              <caption class="sr-only">{t.auditCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.auditTime}</th>
                  <th scope="col">{t.auditAction}</th>
                  <th scope="col">{t.auditTarget}</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((event: AuditEvent) => (
                  <tr key={event.id}>
                    <td>
                      <time dateTime={event.at}>{formatTime(event.at, locale)}</time>
                    </td>
                    <td>{auditActionLabel(t, event.action)}</td>
                    <td class="break-anywhere">
                      {t.targetTypes[event.targetType] ?? event.targetType} {event.targetId}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore
            idPrefix="audit-log"
            shown={log.items.length}
            total={log.totalCount}
            hasNextPage={log.hasNextPage}
            loading={log.loadingMore}
            error={log.loadMoreError}
            onLoadMore={log.loadMore}
          />
        </>
      ) : null}
    </section>
  );
}

function UsersSection() {
  const { t } = useI18n();
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const users = useConnection(
    Users,
    { search: search || null, first: PAGE_SIZE },
    (d) => d.users,
  );
  const listRef = useFocusAppended(users.appendedAt);
  useAnnounce(users.status === 'ok' ? t.usersFound(users.totalCount) : null);
  return (
    <section class="section" aria-labelledby="users-heading" id="users">
      <h2 id="users-heading" class="section__heading">
        {t.usersHeading}
        {users.status === 'ok' ? <span class="section__count"> ({users.totalCount})</span> : null}
      </h2>
      <form
        class="search-form"
        role="search"
        aria-label={t.usersSearchRegion}
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(input.trim());
        }}
      >
        <div class="hds-text-input search-form__field">
          <label class="hds-text-input__label" for="users-search">
            {t.usersSearchLabel}
          </label>
          <div class="search-form__row">
            <div class="hds-text-input__input-wrapper">
              <input
                id="users-search"
                class="hds-text-input__input"
                type="search"
                name="search"
                autocomplete="off"
                enterkeyhint="search"
                value={input}
                onInput={(event) => setInput((event.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <button type="submit" class="hds-button hds-button--primary search-form__submit">
              <span class="hds-icon hds-icon--search hds-icon--size-s" aria-hidden="true" />
              <span class="hds-button__label">{t.searchButton}</span>
            </button>
          </div>
        </div>
      </form>
      {users.status === 'loading' ? <Loading /> : null}
      {users.status === 'error' ? <ErrorState error={users.error} onRetry={users.retry} /> : null}
      {users.status === 'ok' && users.items.length === 0 ? <Empty>{t.usersEmpty}</Empty> : null}
      {users.status === 'ok' && users.items.length > 0 ? (
        <>
          <ul class="result-list" id="user-list" ref={listRef}>
            {users.items.map((user: UserSummary) => (
              <li key={user.id} class="result-list__item user-item" tabIndex={-1}>
                <span class="user-item__name">{user.name}</span>
                {user.email ? <span class="result-list__meta break-anywhere">{user.email}</span> : null}
                <span class="result-list__meta">
                  {user.roles.length
                    ? user.roles
                        .map((g) =>
                          g.scopeType === 'GLOBAL'
                            ? `${t.roleNames[g.role]} (${t.scopeGlobal})`
                            : `${t.roleNames[g.role]} (${t.scopeKinds[g.scopeType]} ${g.scopeId ?? ''})`,
                        )
                        .join(', ')
                    : t.userNoRoles}
                </span>
              </li>
            ))}
          </ul>
          <LoadMore
            idPrefix="users"
            shown={users.items.length}
            total={users.totalCount}
            hasNextPage={users.hasNextPage}
            loading={users.loadingMore}
            error={users.loadMoreError}
            onLoadMore={users.loadMore}
          />
        </>
      ) : null}
    </section>
  );
}

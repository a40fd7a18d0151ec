/**
 * My reports (/requests): what waits in this device's outbox (and anonymous reports sent from it,
 * with their tracking links), then, signed in, the reports the person made (`myServiceRequests`)
 * and those they follow (`followedServiceRequests`). Signed out, only the device's part and a
 * sign-in link.
 */
import { useEffect } from 'preact/hooks';
import 'hds-core/lib/icons/plus.min.css';
import { Empty, ErrorState, Loading, PageHeading, useAnnounce, useTitle } from '../components/common.tsx';
import { useQuery } from '../graphql/hooks.ts';
import { MyServiceRequests } from '../graphql/operations.ts';
import { outboxStore, recordLabel, visibleRecords, type OutboxRecord } from '../outbox.ts';
import { useReportText } from '../report-messages.ts';
import type { RequestSummary } from '../report-types.ts';
import { paths } from '../router.ts';
import { sessionStore } from '../session.ts';
import { useStore } from '../store.ts';
import { formatWhen, OutboxDetails, OutboxStateLabel, RequestStatusLabel } from './ReportParts.tsx';

const RECENT_MS = 24 * 3600_000;

export function MyRequestsScreen() {
  const { t, r } = useReportText();
  useTitle(r.myReportsTitle);
  const session = useStore(sessionStore);
  const me = session.status === 'ready' ? session.me : null;
  const records = useStore(outboxStore);

  return (
    <>
      <PageHeading>{r.myReportsTitle}</PageHeading>
      <ul class="plain-list action-links">
        <li>
          <a class="hds-button hds-button--primary" href={paths.report()} id="my-reports-new">
            <span class="hds-icon hds-icon--plus hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{r.reportLink}</span>
          </a>
        </li>
        <li>
          <a class="hds-link hds-link--medium block-link" href={paths.nearbyRequests()} id="my-reports-nearby">
            {r.nearbyLink}
          </a>
        </li>
      </ul>
      <DeviceReports records={records} meId={me?.user.id ?? null} />
      {session.status === 'loading' ? <Loading /> : null}
      {session.status === 'error' ? <ErrorState error={session.error} /> : null}
      {session.status === 'ready' && me ? <ServerLists records={records ?? []} meId={me.user.id} /> : null}
      {session.status === 'ready' && !me ? (
        <section class="section" aria-labelledby="mine-heading">
          <h2 class="section__heading" id="mine-heading">
            {r.mineHeading}
          </h2>
          <p>{r.signInForMine}</p>
          <p>
            <a class="hds-link hds-link--medium block-link" href={paths.signIn(paths.myRequests())} id="my-reports-sign-in">
              {t.signInLink}
            </a>
          </p>
        </section>
      ) : null}
    </>
  );
}

function DeviceReports({ records, meId }: { records: OutboxRecord[] | null; meId: string | null }) {
  const { r, lang, locale } = useReportText();
  const now = Date.now();
  const shown = visibleRecords(records ?? [], meId).filter(
    (x) => x.state !== 'sent' || !x.ownerId || (x.sentAt !== null && now - new Date(x.sentAt).getTime() < RECENT_MS),
  );
  return (
    <section class="section" aria-labelledby="device-heading" id="device-reports">
      <h2 class="section__heading" id="device-heading">
        {r.deviceHeading}
      </h2>
      <p class="form__help">{r.deviceIntro}</p>
      {records === null ? <Loading /> : null}
      {records !== null && !shown.length ? <Empty>{r.noDeviceReports}</Empty> : null}
      {shown.length ? (
        <ul class="request-list" id="device-report-list">
          {shown.map((record) => (
            <li class="request-card outbox-card" key={record.clientId} data-state={record.state} data-client-id={record.clientId}>
              <p class="request-card__title">{recordLabel(record)}</p>
              <span class="result-list__meta">
                {record.categoryName} · {r.savedAt(formatWhen(record.createdAt, locale, lang))}
                {record.state === 'sent' && !record.ownerId ? ` · ${r.sentAnonymously}` : ''}
              </span>
              <span class="request-card__status">
                <OutboxStateLabel state={record.state} />
              </span>
              <OutboxDetails record={record} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ServerLists({ records, meId }: { records: OutboxRecord[]; meId: string }) {
  const { r } = useReportText();
  const result = useQuery(MyServiceRequests, {});
  // A report of this person's that the outbox just sent: read the lists again.
  const sentHere = records.filter((x) => x.ownerId === meId && x.state === 'sent').length;
  useEffect(() => {
    if (sentHere) result.retry();
  }, [sentHere]);
  useAnnounce(result.status === 'ok' ? `${r.mineHeading}: ${result.data.mine.length}` : null);

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorState error={result.error} onRetry={result.retry} />;
  return (
    <>
      <section class="section" aria-labelledby="mine-heading" id="my-requests">
        <h2 class="section__heading" id="mine-heading">
          {r.mineHeading}
        </h2>
        {result.data.mine.length ? <RequestList items={result.data.mine} id="my-request-list" /> : <Empty>{r.noMine}</Empty>}
      </section>
      <section class="section" aria-labelledby="followed-heading" id="followed-requests">
        <h2 class="section__heading" id="followed-heading">
          {r.followedHeading}
        </h2>
        {result.data.followed.length ? (
          <RequestList items={result.data.followed} id="followed-request-list" />
        ) : (
          <Empty>{r.noFollowed}</Empty>
        )}
      </section>
    </>
  );
}

export function RequestList({ items, id }: { items: RequestSummary[]; id: string }) {
  const { r, lang, locale } = useReportText();
  return (
    <ul class="request-list" id={id}>
      {items.map((item) => (
        <li class="request-card" key={item.id} data-status={item.status}>
          <a class="hds-link request-card__link" href={paths.request(item.id)}>
            {item.title}
            <span class="sr-only">, {r.status[item.status]}</span>
          </a>
          <span class="result-list__meta">
            {r.requestNumber(item.number)} · {item.category.name} · {r.reportedOn(formatWhen(item.createdAt, locale, lang))}
          </span>
          {item.address ? <span class="result-list__meta">{item.address}</span> : null}
          <span class="request-card__status" aria-hidden="true">
            <RequestStatusLabel status={item.status} />
          </span>
        </li>
      ))}
    </ul>
  );
}

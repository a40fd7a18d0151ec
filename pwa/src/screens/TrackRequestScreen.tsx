/**
 * The anonymous reporter's tracking page, /requests/track/<token> (the backend's `trackingUrl`):
 * the request of that secret link (`serviceRequestByToken`) with its public history. Sent as POST
 * and never cached (the link is personal). Kept current while open (ServiceRequestByTokenUpdates).
 */
import { ErrorState, Loading, PageHeading, useTitle } from '../components/common.tsx';
import { useQuery } from '../graphql/hooks.ts';
import { ServiceRequestByToken } from '../graphql/operations.ts';
import { useEffect } from 'preact/hooks';
import { useReportText } from '../report-messages.ts';
import { rememberTracking } from '../tracked-requests.ts';
import { RequestMissing, RequestView, useLiveRequest } from './RequestScreen.tsx';

export function TrackRequestScreen({ token }: { token: string }) {
  const { r } = useReportText();
  const result = useQuery(ServiceRequestByToken, { token });
  const request = useLiveRequest(result.status === 'ok' ? result.data.serviceRequestByToken : null, token);
  const missing =
    (result.status === 'ok' && !request) ||
    (result.status === 'error' && (result.error.kind === 'notFound' || result.error.kind === 'badInput'));
  const requestId = request?.id ?? null;
  useEffect(() => {
    if (requestId) rememberTracking(requestId, token);
  }, [requestId, token]);
  useTitle(missing ? r.trackNotFoundTitle : (request?.title ?? r.requestFallbackTitle));

  return (
    <>
      <PageHeading>{missing ? r.trackNotFoundTitle : request?.title || r.requestFallbackTitle}</PageHeading>
      {missing ? (
        <RequestMissing body={r.trackNotFoundBody} />
      ) : result.status === 'loading' ? (
        <Loading />
      ) : result.status === 'error' || !request ? (
        <ErrorState error={result.status === 'error' ? result.error : null} onRetry={result.retry} />
      ) : (
        <RequestView
          request={request}
          followable={false}
          trackingToken={token}
          intro={
            <p class="form__help" id="track-note">
              {r.trackNote}
            </p>
          }
        />
      )}
    </>
  );
}

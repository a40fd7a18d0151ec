/**
 * Reporting a problem, one question per screen: category (with search) → location ("use my
 * location", or the address only) → the category's questions → description → photos → contact
 * details → review → sent. The step is in the address (/report?step=…), so Back walks the steps
 * and focus moves to each step's heading (app.tsx).
 *
 * What is chosen lives in the draft (report-draft.ts: memory and IndexedDB), so the flow survives
 * reloads, signing in midway and a lost connection. "Send" turns the draft into an outbox entry
 * (outbox.ts), which is sent now or, offline, when the connection returns; the sent step shows
 * that entry's state as it changes.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { runMutation } from '../booking.ts';
import { AddressField } from '../components/address-search.tsx';
import { BackLink, StepCaption, SummaryList, type SummaryRow } from '../components/booking.tsx';
import {
  Empty,
  ErrorState,
  ErrorSummary,
  Loading,
  Notice,
  PageHeading,
  useAnnounce,
  useTitle,
  type FieldError,
} from '../components/common.tsx';
import { formatDistance, osmUrl } from '../format.ts';
import { useQuery } from '../graphql/hooks.ts';
import { FollowServiceRequest, NearbyServiceRequests, ServiceRequestCategories } from '../graphql/operations.ts';
import { enqueue, outboxStore, recordLabel, trackingPath, UNKNOWN_OWNER, type OutboxRecord } from '../outbox.ts';
import {
  askedQuestions,
  charCount,
  draftStarted,
  draftStore,
  emailProblem,
  infoQuestions,
  loadDraft,
  MAX_ADDRESS,
  MAX_CONTACT_NAME,
  MAX_DESCRIPTION,
  MAX_TITLE,
  multiLine,
  nearHelsinki,
  phoneProblem,
  resetDraft,
  singleLine,
  textProblem,
  typedAnswers,
  updateDraft,
  type ReportDraft,
} from '../report-draft.ts';
import { geoStateMessage, useReportText, type GeoState } from '../report-messages.ts';
import { checkPhoto, makeThumbnail, MAX_PHOTOS, uploadPhoto, type ReportPhoto } from '../report-photos.ts';
import type { NearbyRequest, RequestCategory } from '../report-types.ts';
import { navigate, paths, type ReportStep, type Route } from '../router.ts';
import { sessionStore } from '../session.ts';
import { announce, useStore } from '../store.ts';
import { OutboxDetails, OutboxStateLabel, PhotoList, PhotoInputs, QuestionFields, TrackingLink, formatWhen } from './ReportParts.tsx';
import { requestNoticeStore } from './RequestScreen.tsx';

type ReportRoute = Extract<Route, { name: 'report' }>;

export function ReportScreen({ route }: { route: ReportRoute }) {
  const { t, r } = useReportText();
  const { step } = route;
  const draft = useStore(draftStore);
  useEffect(() => {
    void loadDraft();
  }, []);
  const categories = useQuery(ServiceRequestCategories, {}, step === 'sent');
  const list = categories.status === 'ok' ? categories.data.serviceRequestCategories : null;
  const category = (draft && list?.find((c) => c.id === draft.categoryId)) ?? null;
  const hasQuestions = category ? askedQuestions(category).length > 0 : true;
  const steps: ReportStep[] = [
    'category',
    'location',
    ...(hasQuestions ? (['questions'] as const) : []),
    'description',
    'photos',
    'contact',
    'review',
  ];

  // A step that cannot be shown yet (a reload after sending, an old link): to the first that can.
  useEffect(() => {
    if (!draft || !list || step === 'sent' || step === 'category') return;
    let to: ReportStep | null = null;
    if (!category) to = 'category';
    else if (step === 'questions' && !hasQuestions) to = 'description';
    else if (step !== 'location' && category.locationRequired && !draft.location && !draft.address.trim()) to = 'location';
    if (to) navigate(paths.report(to), true);
  }, [draft === null, list, step, category, hasQuestions]);

  const title = r.stepTitles[step];
  useTitle(`${title} – ${r.reportScreenTitle}`);
  const index = steps.indexOf(step);
  const previous = index > 0 ? steps[index - 1]! : null;
  const backHref = step === 'sent' ? null : previous ? paths.report(previous) : paths.home();

  const frame = (body: ComponentChildren) => (
    <div class="report-flow" data-step={step}>
      {backHref ? <BackLink href={backHref} /> : null}
      {step !== 'sent' ? (
        <StepCaption>
          {category && step !== 'category' ? category.name : r.reportScreenTitle}
          {index >= 0 ? <span class="step-caption__progress"> · {t.stepOf(index + 1, steps.length)}</span> : null}
        </StepCaption>
      ) : null}
      <PageHeading key={step}>{title}</PageHeading>
      {body}
    </div>
  );

  if (step === 'sent') return frame(<SentStep clientId={route.id} />);
  if (!draft) return frame(<Loading />);
  if (categories.status === 'loading') return frame(<Loading />);
  if (categories.status === 'error') return frame(<ErrorState error={categories.error} onRetry={categories.retry} />);
  if (step === 'category' || !category) return frame(<CategoryStep categories={list ?? []} draft={draft} />);

  const next = (to: ReportStep) => navigate(paths.report(to));
  switch (step) {
    case 'location':
      return frame(<LocationStep category={category} draft={draft} onDone={() => next(hasQuestions ? 'questions' : 'description')} />);
    case 'questions':
      return frame(<QuestionsStep category={category} draft={draft} onDone={() => next('description')} />);
    case 'description':
      return frame(<DescriptionStep category={category} draft={draft} onDone={() => next('photos')} />);
    case 'photos':
      return frame(<PhotosStep draft={draft} onDone={() => next('contact')} />);
    case 'contact':
      return frame(<ContactStep draft={draft} onDone={() => next('review')} />);
    case 'review':
      return frame(<ReviewStep category={category} draft={draft} hasQuestions={hasQuestions} />);
  }
}

// ---------------------------------------------------------------- category

function normalize(text: string, locale: string): string {
  return text
    .toLocaleLowerCase(locale)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function CategoryStep({ categories, draft }: { categories: RequestCategory[]; draft: ReportDraft }) {
  const { r, locale } = useReportText();
  const [filter, setFilter] = useState('');
  const words = normalize(filter.trim(), locale).split(/\s+/).filter(Boolean);
  const shown = useMemo(
    () =>
      categories.filter((c) => {
        const text = normalize(
          [c.name, c.description ?? '', c.group ?? '', c.serviceCode, ...c.keywords].join(' '),
          locale,
        );
        return words.every((w) => text.includes(w));
      }),
    [categories, filter, locale],
  );
  const groups = useMemo(() => {
    const byGroup = new Map<string, RequestCategory[]>();
    for (const c of shown) {
      const key = c.group ?? '';
      byGroup.set(key, [...(byGroup.get(key) ?? []), c]);
    }
    return [...byGroup.entries()];
  }, [shown]);
  useAnnounce(words.length ? r.categoriesFound(shown.length) : null);

  const choose = (category: RequestCategory) => {
    updateDraft((d) =>
      d.categoryId === category.id ? d : { ...d, categoryId: category.id, answers: {} },
    );
    navigate(paths.report('location'));
  };

  return (
    <>
      {draftStarted(draft) ? (
        <div class="draft-note" id="draft-note">
          <p>{r.continuingDraft}</p>
          <button
            type="button"
            class="hds-button hds-button--supplementary hds-button--small"
            id="start-over"
            onClick={() => {
              resetDraft();
              announce(r.startOver);
            }}
          >
            <span class="hds-icon hds-icon--refresh hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{r.startOver}</span>
          </button>
        </div>
      ) : null}
      <div class="hds-text-input form__field">
        <label class="hds-text-input__label" for="category-filter">
          {r.categorySearchLabel}
        </label>
        <div class="hds-text-input__input-wrapper">
          <input
            id="category-filter"
            class="hds-text-input__input"
            type="search"
            autocomplete="off"
            aria-describedby="category-filter-help"
            aria-controls="report-categories"
            value={filter}
            onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <span class="hds-text-input__helper-text" id="category-filter-help">
          {r.categorySearchHelp}
        </span>
      </div>
      {categories.length === 0 ? <Empty>{r.noCategories}</Empty> : null}
      {categories.length > 0 && shown.length === 0 ? <Empty>{r.noCategoryMatch}</Empty> : null}
      <div id="report-categories">
        {groups.map(([group, items], g) => (
          <section class="category-group" key={group || `group-${g}`} aria-labelledby={group ? `category-group-${g}` : undefined}>
            {group ? (
              <h2 class="category-group__heading" id={`category-group-${g}`}>
                {group}
              </h2>
            ) : null}
            <ul class="category-options">
              {items.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    class="category-option"
                    data-code={c.serviceCode}
                    aria-current={c.id === draft.categoryId ? 'true' : undefined}
                    onClick={() => choose(c)}
                  >
                    <span class="category-option__name">
                      {c.name}
                      {c.id === draft.categoryId ? <span class="sr-only">, {r.chosen}</span> : null}
                    </span>
                    {c.description ? <span class="category-option__description">{c.description}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}

// ---------------------------------------------------------------- location


function LocationStep({ category, draft, onDone }: { category: RequestCategory; draft: ReportDraft; onDone: () => void }) {
  const { t, r } = useReportText();
  const [geo, setGeo] = useState<GeoState>('idle');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setGeo('unsupported');
      announce(r.locationUnsupported);
      return;
    }
    setGeo('locating');
    announce(r.locatingDevice);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude: lat, longitude: lon, accuracy } = position.coords;
        if (!nearHelsinki(lat, lon)) {
          setGeo('outside');
          announce(r.locationOutside);
          return;
        }
        const rounded = Number.isFinite(accuracy) ? Math.round(accuracy) : null;
        updateDraft((d) => ({ ...d, location: { lat, lon, accuracy: rounded } }));
        setGeo('idle');
        setErrors([]);
        announce(r.locationFound(rounded));
      },
      (error) => {
        const state: GeoState = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        setGeo(state);
        announce(state === 'denied' ? r.locationDenied : r.locationUnavailable);
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  };

  const geoMessage = geoStateMessage(r, geo);

  const submit = (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const address = singleLine(draft.address);
    const problem = textProblem(r, r.addressLabel, address, MAX_ADDRESS);
    if (problem) found.push({ fieldId: 'report-address', message: problem });
    else if (category.locationRequired && !draft.location && !address) {
      found.push({ fieldId: 'report-address', message: r.errorLocationRequired });
    }
    if (found.length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    onDone();
  };
  const addressError = errors.find((e) => e.fieldId === 'report-address');

  return (
    <>
      <ErrorSummary title={t.errorSummaryTitle} errors={errors} focusKey={attempt} />
      <p class="lead">{r.locationIntro}</p>
      {category.locationRequired ? null : <p class="form__help">{r.locationOptional}</p>}
      <form class="form narrow" id="location-form" noValidate onSubmit={submit}>
        <div class="location-device form__field">
          {draft.location ? (
            <div class="location-found" id="location-status">
              <p>
                <span class="hds-icon hds-icon--location hds-icon--size-s" aria-hidden="true" />
                <span>
                  {draft.location.fromAddress
                    ? r.locationFromAddress(draft.location.fromAddress)
                    : r.locationFound(draft.location.accuracy)}
                </span>
              </p>
              <p class="location-found__links">
                <a class="hds-link" href={osmUrl(draft.location.lat, draft.location.lon)} rel="noopener" target="_blank">
                  {t.showOnMap}
                </a>
              </p>
              <button
                type="button"
                class="hds-button hds-button--secondary hds-button--small"
                id="remove-location"
                onClick={() => {
                  updateDraft((d) => ({ ...d, location: null }));
                  announce(r.locationRemoved);
                  document.getElementById('use-location')?.focus();
                }}
              >
                <span class="hds-icon hds-icon--cross hds-icon--size-s" aria-hidden="true" />
                <span class="hds-button__label">{r.removeLocation}</span>
              </button>
            </div>
          ) : (
            <button
              type="button"
              class="hds-button hds-button--secondary"
              id="use-location"
              aria-disabled={geo === 'locating' ? 'true' : undefined}
              onClick={geo === 'locating' ? undefined : locate}
            >
              <span class="hds-icon hds-icon--locate hds-icon--size-s" aria-hidden="true" />
              <span class="hds-button__label">{geo === 'locating' ? r.locatingDevice : r.useMyLocation}</span>
            </button>
          )}
          {geoMessage && !draft.location ? (
            <p class="sort-controls__status" id="location-message">
              {geoMessage}
            </p>
          ) : null}
        </div>
        <div class={`hds-text-input form__field${addressError ? ' hds-text-input--invalid' : ''}`}>
          <label class="hds-text-input__label" for="report-address">
            {r.addressLabel}
            {category.locationRequired && !draft.location ? null : <span class="optional"> ({t.optional})</span>}
          </label>
          <span class="hds-text-input__helper-text" id="report-address-help">
            {r.addressHelp}
          </span>
          <AddressField
            value={draft.address}
            invalid={Boolean(addressError)}
            describedBy={`report-address-help${addressError ? ' report-address-error' : ''}`}
            chosen={draft.location?.fromAddress ?? null}
            onType={(text) =>
              updateDraft(
                (d) => ({
                  ...d,
                  address: text,
                  // A location looked up from the address no longer holds once the address changes.
                  location: d.location?.fromAddress && d.location.fromAddress !== text ? null : d.location,
                }),
                true,
              )
            }
            onChoose={(a) => {
              updateDraft((d) => ({
                ...d,
                address: a.label,
                location: { lat: a.latitude, lon: a.longitude, accuracy: null, fromAddress: a.label },
              }));
              setErrors([]);
            }}
          />
          {addressError ? (
            <span class="hds-text-input__error-text" id="report-address-error">
              {addressError.message}
            </span>
          ) : null}
        </div>
        <button type="submit" class="hds-button hds-button--primary form__submit" id="location-submit">
          <span class="hds-button__label">{t.continueButton}</span>
        </button>
      </form>
      {draft.location ? <NearbySuggestions category={category} lat={draft.location.lat} lon={draft.location.lon} /> : null}
    </>
  );
}

/** Open requests of the same category nearby: "follow this one instead" (signed in), or open it. */
function NearbySuggestions({ category, lat, lon }: { category: RequestCategory; lat: number; lon: number }) {
  const { t, r, lang, locale } = useReportText();
  const session = useStore(sessionStore);
  const signedIn = session.status === 'ready' && session.me !== null;
  const result = useQuery(NearbyServiceRequests, { near: { lat, lon }, categoryId: category.id });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items: NearbyRequest[] = result.status === 'ok' ? result.data.nearbyServiceRequests : [];
  useAnnounce(items.length ? r.nearbyHeading : null);
  if (result.status === 'loading') return <Loading label={r.checkingNearby} />;
  // Offline or failing: reporting goes on without suggestions.
  if (result.status === 'error' || !items.length) return null;

  const follow = async (id: string) => {
    if (busy) return;
    setBusy(id);
    setError(null);
    const outcome = await runMutation(FollowServiceRequest, { id }, lang, t, (d) => d.followServiceRequest);
    setBusy(null);
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    requestNoticeStore.set({ id, kind: 'followed' });
    navigate(paths.request(id));
  };

  return (
    <section class="section nearby-suggestions" aria-labelledby="nearby-heading" id="nearby-suggestions">
      <h2 class="section__heading" id="nearby-heading">
        {r.nearbyHeading}
      </h2>
      <p>{r.nearbyIntro}</p>
      {error ? (
        <div role="alert">
          <Notice type="error" title={t.errorTitle}>
            <p>{error}</p>
          </Notice>
        </div>
      ) : null}
      <ul class="request-list">
        {items.map(({ distance, serviceRequest: sr }) => (
          <li class="request-card" key={sr.id} data-status={sr.status}>
            <a class="hds-link request-card__link" href={paths.request(sr.id)}>
              {sr.title}
            </a>
            <span class="result-list__meta">
              {t.distanceAway(formatDistance(distance, locale))} · {r.reportedOn(formatWhen(sr.createdAt, locale, lang))}
            </span>
            {sr.address ? <span class="result-list__meta">{sr.address}</span> : null}
            <span class="request-card__status">
              <RequestStatusText status={sr.status} />
            </span>
            {sr.isMine ? (
              <p class="request-card__note">{r.yourOwnReport}</p>
            ) : sr.followedByMe ? (
              <p class="request-card__note">{r.followingThis}</p>
            ) : signedIn ? (
              <button
                type="button"
                class="hds-button hds-button--secondary hds-button--small"
                data-action="follow"
                aria-disabled={busy ? 'true' : undefined}
                onClick={() => void follow(sr.id)}
              >
                <span class="hds-icon hds-icon--bell hds-icon--size-s" aria-hidden="true" />
                <span class="hds-button__label">
                  {r.followInstead}
                  <span class="sr-only">: {sr.title}</span>
                </span>
              </button>
            ) : (
              <a class="hds-link block-link" href={paths.signIn(paths.report('location'))}>
                {r.signInToFollow}
                <span class="sr-only">: {sr.title}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RequestStatusText({ status }: { status: NearbyRequest['serviceRequest']['status'] }) {
  const { r } = useReportText();
  return <span class="request-card__status-text">{r.status[status]}</span>;
}

// ---------------------------------------------------------------- questions

function QuestionsStep({ category, draft, onDone }: { category: RequestCategory; draft: ReportDraft; onDone: () => void }) {
  const { t, r } = useReportText();
  const questions = askedQuestions(category);
  const info = infoQuestions(category);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  const submit = (event: Event) => {
    event.preventDefault();
    const { problems } = typedAnswers(questions, draft.answers, r, t.errorAnswerRequired, t.errorAnswerNumber);
    if (problems.length) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    onDone();
  };

  return (
    <>
      <ErrorSummary title={t.errorSummaryTitle} errors={errors} focusKey={attempt} />
      {info.length ? (
        <Notice type="info" title={r.infoNotes} id="category-notes">
          {info.map((q) => (
            <p key={q.code}>{q.description}</p>
          ))}
        </Notice>
      ) : null}
      <form class="form narrow" id="questions-form" noValidate onSubmit={submit}>
        <QuestionFields
          questions={questions}
          values={draft.answers}
          errors={errors}
          onChange={(code, value) =>
            updateDraft((d) => ({ ...d, answers: { ...d.answers, [code]: value } }), typeof value === 'string')
          }
        />
        <button type="submit" class="hds-button hds-button--primary form__submit" id="questions-submit">
          <span class="hds-button__label">{t.continueButton}</span>
        </button>
      </form>
    </>
  );
}

// ---------------------------------------------------------------- description

function DescriptionStep({ category, draft, onDone }: { category: RequestCategory; draft: ReportDraft; onDone: () => void }) {
  const { t, r } = useReportText();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const left = MAX_DESCRIPTION - charCount(multiLine(draft.description));
  const info = askedQuestions(category).length ? [] : infoQuestions(category);

  const submit = (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const title = singleLine(draft.title);
    const description = multiLine(draft.description);
    const titleProblem = textProblem(r, r.titleLabel, title, MAX_TITLE);
    if (titleProblem) found.push({ fieldId: 'report-title', message: titleProblem });
    const descriptionProblem = textProblem(r, r.descriptionLabel, description, MAX_DESCRIPTION);
    if (descriptionProblem) found.push({ fieldId: 'report-description', message: descriptionProblem });
    if (!title && !description) found.push({ fieldId: 'report-description', message: r.errorTextRequired });
    if (found.length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    onDone();
  };
  const errorOf = (id: string) => errors.find((e) => e.fieldId === id) ?? null;
  const titleError = errorOf('report-title');
  const descriptionError = errorOf('report-description');

  return (
    <>
      <ErrorSummary title={t.errorSummaryTitle} errors={errors} focusKey={attempt} />
      {info.length ? (
        <Notice type="info" title={r.infoNotes} id="category-notes">
          {info.map((q) => (
            <p key={q.code}>{q.description}</p>
          ))}
        </Notice>
      ) : null}
      <form class="form narrow" id="description-form" noValidate onSubmit={submit}>
        <div class={`hds-text-input form__field${titleError ? ' hds-text-input--invalid' : ''}`}>
          <label class="hds-text-input__label" for="report-title">
            {r.titleLabel}
            <span class="optional"> ({t.optional})</span>
          </label>
          <span class="hds-text-input__helper-text" id="report-title-help">
            {r.titleHelp}
          </span>
          <div class="hds-text-input__input-wrapper">
            <input
              id="report-title"
              class="hds-text-input__input"
              type="text"
              autocomplete="off"
              value={draft.title}
              aria-invalid={titleError ? 'true' : undefined}
              aria-describedby={`report-title-help${titleError ? ' report-title-error' : ''}`}
              onInput={(e) => updateDraft((d) => ({ ...d, title: (e.currentTarget as HTMLInputElement).value }), true)}
            />
          </div>
          {titleError ? (
            <span class="hds-text-input__error-text" id="report-title-error">
              {titleError.message}
            </span>
          ) : null}
        </div>
        <div class={`hds-text-input form__field${descriptionError ? ' hds-text-input--invalid' : ''}`}>
          <label class="hds-text-input__label" for="report-description">
            {r.descriptionLabel}
          </label>
          <span class="hds-text-input__helper-text" id="report-description-help">
            {r.descriptionHelp}
          </span>
          <div class="hds-text-input__input-wrapper">
            <textarea
              id="report-description"
              class="hds-text-input__input report-description"
              rows={7}
              value={draft.description}
              aria-invalid={descriptionError ? 'true' : undefined}
              aria-describedby={`report-description-help description-counter${descriptionError ? ' report-description-error' : ''}`}
              onInput={(e) => updateDraft((d) => ({ ...d, description: (e.currentTarget as HTMLTextAreaElement).value }), true)}
            />
          </div>
          <span class={`char-counter${left < 0 ? ' char-counter--over' : ''}`} id="description-counter">
            {r.charactersLeft(left)}
          </span>
          {descriptionError ? (
            <span class="hds-text-input__error-text" id="report-description-error">
              {descriptionError.message}
            </span>
          ) : null}
        </div>
        <CounterAnnouncer left={left} />
        <button type="submit" class="hds-button hds-button--primary form__submit" id="description-submit">
          <span class="hds-button__label">{t.continueButton}</span>
        </button>
      </form>
    </>
  );
}

/** Says the characters left politely once typing pauses, and only near the limit. */
function CounterAnnouncer({ left }: { left: number }) {
  const { r } = useReportText();
  useEffect(() => {
    if (left > 200) return;
    const timer = setTimeout(() => announce(r.charactersLeft(left)), 1200);
    return () => clearTimeout(timer);
  }, [left]);
  return null;
}

// ---------------------------------------------------------------- photos

function PhotosStep({ draft, onDone }: { draft: ReportDraft; onDone: () => void }) {
  const { t, r, lang } = useReportText();
  const [rejections, setRejections] = useState<string[]>([]);
  const [rejectionKey, setRejectionKey] = useState(0);
  const online = useOnline();

  const upload = (photo: ReportPhoto) => {
    if (!photo.blob || navigator.onLine === false) return;
    void uploadPhoto(photo.key, photo.blob, photo.name, lang).then((result) => {
      if (result.ok) {
        updateDraft((d) => ({
          ...d,
          photos: d.photos.map((p) => (p.key === photo.key ? { ...p, uploadedId: result.id } : p)),
        }));
        announce(`${r.photoLabel(draftIndex(photo.key))}: ${r.uploaded}`);
      } else if (result.kind === 'rejected') {
        updateDraft((d) => ({ ...d, photos: d.photos.filter((p) => p.key !== photo.key) }));
        setRejections((list) => [...list, `${photo.name}: ${result.message}`]);
        setRejectionKey((n) => n + 1);
      }
      // A network failure: the photo stays and goes with the report.
    });
  };

  // Photos waiting from an offline moment go up as soon as the connection is back.
  useEffect(() => {
    if (!online) return;
    for (const photo of draftStore.get()?.photos ?? []) if (!photo.uploadedId) upload(photo);
  }, [online]);

  const add = async (files: File[]) => {
    const problems: string[] = [];
    const room = MAX_PHOTOS - draft.photos.length;
    if (files.length > room) problems.push(r.tooManyPhotos(MAX_PHOTOS));
    const added: ReportPhoto[] = [];
    for (const file of files.slice(0, Math.max(0, room))) {
      const problem = checkPhoto(file);
      if (problem) {
        problems.push(`${file.name}: ${problem === 'type' ? r.photoNotImage : r.photoTooLarge}`);
        continue;
      }
      added.push({
        key: crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`,
        name: file.name,
        type: file.type,
        size: file.size,
        blob: file,
        thumb: await makeThumbnail(file),
        uploadedId: null,
      });
    }
    setRejections(problems);
    if (problems.length) setRejectionKey((n) => n + 1);
    if (!added.length) return;
    updateDraft((d) => ({ ...d, photos: [...d.photos, ...added].slice(0, MAX_PHOTOS) }));
    announce(r.photoAdded);
    for (const photo of added) upload(photo);
  };

  const removePhoto = (key: string) => {
    updateDraft((d) => ({ ...d, photos: d.photos.filter((p) => p.key !== key) }));
    announce(r.photoRemoved);
    document.getElementById('page-heading')?.focus();
  };

  const errors: FieldError[] = rejections.map((message) => ({ fieldId: null, message }));
  const full = draft.photos.length >= MAX_PHOTOS;

  return (
    <>
      <ErrorSummary title={r.photosRejectedTitle} errors={errors} focusKey={rejectionKey} />
      <p>{r.photosIntro(MAX_PHOTOS)}</p>
      <PhotoInputs disabled={full} onFiles={(files) => void add(files)} />
      <p class="form__help" id="photo-count">
        {r.photoCount(draft.photos.length, MAX_PHOTOS)}
      </p>
      <PhotoList rows={draft.photos.map((photo) => ({ photo, waiting: !online }))} onRemove={removePhoto} />
      <button type="button" class="hds-button hds-button--primary form__submit" id="photos-submit" onClick={onDone}>
        <span class="hds-button__label">{t.continueButton}</span>
      </button>
    </>
  );
}

function draftIndex(key: string): number {
  return (draftStore.get()?.photos.findIndex((p) => p.key === key) ?? -1) + 1;
}

/** navigator.onLine, as it changes. */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine !== false);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine !== false);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

// ---------------------------------------------------------------- contact

function ContactStep({ draft, onDone }: { draft: ReportDraft; onDone: () => void }) {
  const { t, r } = useReportText();
  const session = useStore(sessionStore);
  const me = session.status === 'ready' ? session.me : null;
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  const set = (field: 'name' | 'email' | 'phone', value: string) =>
    updateDraft((d) => ({ ...d, contact: { ...d.contact, [field]: value } }), true);

  const submit = (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const nameProblem = textProblem(r, r.contactNameLabel, singleLine(draft.contact.name), MAX_CONTACT_NAME);
    if (nameProblem) found.push({ fieldId: 'contact-name', message: nameProblem });
    const email = emailProblem(r, draft.contact.email);
    if (email) found.push({ fieldId: 'contact-email', message: email });
    const phone = phoneProblem(r, draft.contact.phone);
    if (phone) found.push({ fieldId: 'contact-phone', message: phone });
    if (found.length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    onDone();
  };

  const field = (id: 'name' | 'email' | 'phone', label: string, type: 'text' | 'email' | 'tel', autocomplete: string) => {
    const fieldId = `contact-${id}`;
    const error = errors.find((e) => e.fieldId === fieldId);
    return (
      <div class={`hds-text-input form__field${error ? ' hds-text-input--invalid' : ''}`}>
        <label class="hds-text-input__label" for={fieldId}>
          {label}
          <span class="optional"> ({t.optional})</span>
        </label>
        <div class="hds-text-input__input-wrapper">
          <input
            id={fieldId}
            class="hds-text-input__input"
            type={type as 'text'}
            autocomplete={autocomplete}
            inputMode={id === 'phone' ? 'tel' : id === 'email' ? 'email' : undefined}
            value={draft.contact[id]}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${fieldId}-error` : undefined}
            onInput={(e) => set(id, (e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {error ? (
          <span class="hds-text-input__error-text" id={`${fieldId}-error`}>
            {error.message}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <ErrorSummary title={t.errorSummaryTitle} errors={errors} focusKey={attempt} />
      <p>{r.contactIntro}</p>
      {me ? (
        <p class="form__help" id="contact-signed-in">
          {r.contactSignedIn(me.user.name)}
        </p>
      ) : session.status === 'ready' ? (
        <div class="form__help" id="contact-signed-out">
          <p>{r.contactSignedOut}</p>
          <p>
            <a class="hds-link block-link" href={paths.signIn(paths.report('contact'))} id="contact-sign-in">
              {t.signInLink}
            </a>
          </p>
        </div>
      ) : null}
      <form class="form narrow" id="contact-form" noValidate onSubmit={submit}>
        {field('name', r.contactNameLabel, 'text', 'name')}
        {field('email', r.contactEmailLabel, 'email', 'email')}
        {field('phone', r.contactPhoneLabel, 'tel', 'tel')}
        <div class="hds-checkbox form__field choice-check">
          <input
            type="checkbox"
            class="hds-checkbox__input"
            id="show-name"
            checked={draft.showName}
            aria-describedby="show-name-help"
            onChange={(e) => updateDraft((d) => ({ ...d, showName: (e.currentTarget as HTMLInputElement).checked }))}
          />
          <label class="hds-checkbox__label" for="show-name">
            {r.showNameLabel}
          </label>
        </div>
        <p class="form__help" id="show-name-help">
          {r.showNameHelp}
        </p>
        <button type="submit" class="hds-button hds-button--primary form__submit" id="contact-submit">
          <span class="hds-button__label">{t.continueButton}</span>
        </button>
      </form>
    </>
  );
}

// ---------------------------------------------------------------- review

function ReviewStep({ category, draft, hasQuestions }: { category: RequestCategory; draft: ReportDraft; hasQuestions: boolean }) {
  const { t, r, lang } = useReportText();
  const session = useStore(sessionStore);
  const me = session.status === 'ready' ? session.me : null;
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  const questions = askedQuestions(category);
  const typed = typedAnswers(questions, draft.answers, r, t.errorAnswerRequired, t.errorAnswerNumber);
  const contact = {
    name: singleLine(draft.contact.name),
    email: draft.contact.email.trim(),
    phone: draft.contact.phone.trim(),
  };

  const change = (to: ReportStep, label: string) => ({ href: paths.report(to), label });
  const rows: SummaryRow[] = [
    { label: r.summaryCategory, value: category.name, change: change('category', r.summaryCategory) },
    {
      label: r.summaryLocation,
      value: draft.location
        ? (draft.location.fromAddress ? r.addressLocation : r.deviceLocation)(
            draft.location.lat.toFixed(5),
            draft.location.lon.toFixed(5),
          )
        : r.notGiven,
      change: change('location', r.summaryLocation),
    },
    {
      label: r.summaryAddress,
      value: singleLine(draft.address) || r.notGiven,
      change: change('location', r.summaryAddress),
    },
  ];
  if (hasQuestions) {
    for (const q of questions) {
      const raw = draft.answers[q.code];
      const keys = Array.isArray(raw) ? raw : raw ? [raw] : [];
      const text =
        q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist'
          ? keys.map((k) => q.values.find((v) => v.key === k)?.name ?? k).join(', ')
          : q.datatype === 'datetime' && typeof raw === 'string' && raw
            ? raw.replace('T', ' ')
            : typeof raw === 'string'
              ? raw.trim()
              : '';
      rows.push({
        label: q.description,
        value: <span class="preserve-lines">{text || r.notGiven}</span>,
        change: change('questions', q.description),
      });
    }
  }
  rows.push(
    { label: r.summaryTitle, value: singleLine(draft.title) || r.notGiven, change: change('description', r.summaryTitle) },
    {
      label: r.summaryDescription,
      value: <span class="preserve-lines">{multiLine(draft.description) || r.notGiven}</span>,
      change: change('description', r.summaryDescription),
    },
    {
      label: r.summaryPhotos,
      value: draft.photos.length ? (
        <span class="review-photos">
          {r.photosCount(draft.photos.length)}
          {draft.photos.some((p) => p.thumb) ? (
            <span class="review-photos__thumbs">
              {draft.photos.map((p, i) =>
                p.thumb ? <img key={p.key} src={p.thumb} alt={r.photoLabel(i + 1)} width={56} height={56} /> : null,
              )}
            </span>
          ) : null}
        </span>
      ) : (
        r.notGiven
      ),
      change: change('photos', r.summaryPhotos),
    },
    {
      label: r.summaryContact,
      value: [contact.name, contact.email, contact.phone].filter(Boolean).join(', ') || r.notGiven,
      change: change('contact', r.summaryContact),
    },
    { label: r.summaryShowName, value: draft.showName ? t.yes : t.no, change: change('contact', r.summaryShowName) },
  );

  const send = async () => {
    if (busy) return;
    if (typed.problems.length) {
      navigate(paths.report('questions'));
      return;
    }
    setBusy(true);
    const record: OutboxRecord = {
      clientId: draft.clientId,
      createdAt: new Date().toISOString(),
      ownerId: session.status === 'ready' ? (me?.user.id ?? null) : UNKNOWN_OWNER,
      ownerName: me?.user.name ?? null,
      lang,
      categoryName: category.name,
      input: {
        categoryId: category.id,
        title: singleLine(draft.title),
        description: multiLine(draft.description),
        location: draft.location ? { lat: draft.location.lat, lon: draft.location.lon } : null,
        address: singleLine(draft.address),
        answers: typed.answers,
        contact: contact.name || contact.email || contact.phone ? contact : null,
        showName: draft.showName,
      },
      photos: draft.photos,
      state: 'waiting',
      waitingFor: null,
      failure: null,
      attempts: 0,
      nextAttemptAt: 0,
      droppedPhotos: 0,
      result: null,
      sentAt: null,
    };
    await enqueue(record);
    resetDraft();
    navigate(paths.report('sent', record.clientId), true);
  };

  return (
    <>
      <SummaryList rows={rows} id="review-summary" />
      {!online ? (
        <Notice type="info" title={r.outboxState.waiting} id="offline-send-note">
          <p>{r.sendOfflineNote}</p>
        </Notice>
      ) : null}
      {session.status === 'ready' && !me ? <p class="form__help">{r.sendAnonymousNote}</p> : null}
      <button
        type="button"
        class="hds-button hds-button--primary form__submit"
        id="send-report"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => void send()}
      >
        <span class="hds-icon hds-icon--check hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{r.sendReport}</span>
      </button>
    </>
  );
}

// ---------------------------------------------------------------- sent

function SentStep({ clientId }: { clientId: string | null }) {
  const { r, lang, locale } = useReportText();
  const records = useStore(outboxStore);
  const record = records?.find((x) => x.clientId === clientId) ?? null;
  useAnnounce(
    record?.state === 'sent' ? r.sentAnnouncement : record?.state === 'waiting' && record.waitingFor ? r.queuedAnnouncement : null,
  );

  if (records === null) return <Loading />;
  const links = (
    <ul class="plain-list next-links">
      <li>
        <a class="hds-link hds-link--medium block-link" href={paths.myRequests()} id="my-reports-link">
          {r.myReportsTitle}
        </a>
      </li>
      <li>
        <a class="hds-link hds-link--medium block-link" href={paths.report()} id="new-report-link">
          {r.newReport}
        </a>
      </li>
    </ul>
  );
  if (!record) {
    return (
      <>
        <Empty>{r.notOnThisDevice}</Empty>
        {links}
      </>
    );
  }
  return (
    <>
      <div class="outbox-status" id="outbox-status" data-state={record.state}>
        <p class="outbox-status__label">
          <OutboxStateLabel state={record.state} />
        </p>
        <p class="outbox-status__what">
          <strong>{recordLabel(record)}</strong>
          <span class="result-list__meta">
            {record.categoryName} · {r.savedAt(formatWhen(record.createdAt, locale, lang))}
          </span>
        </p>
        {record.state === 'sent' && record.result ? (
          <p id="request-number">{r.sentNumber(record.result.number)}</p>
        ) : null}
      </div>
      <OutboxDetails record={record} headingLevel={2} showResult={false} onDeleted={() => navigate(paths.myRequests(), true)} />
      {record.state === 'sent' && record.result?.trackingUrl ? (
        <TrackingLink url={record.result.trackingUrl} path={trackingPath(record.result)} />
      ) : null}
      {record.state === 'sent' && record.result && !record.result.trackingToken ? (
        <p>
          <a class="hds-button hds-button--primary" href={paths.request(record.result.id)} id="view-request-link">
            <span class="hds-button__label">{r.viewRequest}</span>
          </a>
        </p>
      ) : null}
      {links}
    </>
  );
}

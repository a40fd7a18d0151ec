import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  ErrorState,
  ErrorSummary,
  Loading,
  navigateWithFlash,
  Notice,
  PageHeading,
  SavedNote,
  useTitle,
  type FieldError,
} from '../components/common.tsx';
import { QueryError, runQuery } from '../graphql/client.ts';
import { DeleteMyAccount, MyData, UpdateMyProfile } from '../graphql/operations.ts';
import type { Me, MutationError } from '../graphql/types.ts';
import { LANGS, LANGUAGE_NAMES, useI18n, type Lang } from '../i18n/index.ts';
import { navigate, paths } from '../router.ts';
import { forgetSession, langOf, languageCode, loadMe, sessionStore, signOut } from '../session.ts';
import { announce, useStore } from '../store.ts';
import { NotificationSettings } from '../components/push.tsx';
import { forgetPushDevice } from '../push.ts';

export const MY_DATA_FILE = 'asiointi-my-data.json';
const NAME_ID = 'profile-name';
const LANGUAGE_ID = 'profile-language';

/** Set while this screen signs out or deletes the account: it then navigates on its own. */
type LeavingRef = { current: boolean };

function isOffline(error: unknown): boolean {
  return error instanceof QueryError && error.kind === 'offline';
}

/** The session ended under us (expired, signed out in another tab): forget it; the screen redirects. */
function endedSession(errors: MutationError[]): boolean {
  if (!errors.some((e) => e.code === 'UNAUTHENTICATED')) return false;
  void forgetSession();
  return true;
}

export function ProfileScreen() {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const leaving = useRef(false);
  useTitle(t.profileTitle);

  // Signed out: to the sign-in screen, and back here afterwards.
  useEffect(() => {
    if (!leaving.current && session.status === 'ready' && !session.me) navigate(paths.signIn(paths.profile()), true);
  }, [session]);

  if (session.status === 'error') {
    return (
      <>
        <PageHeading>{t.profileTitle}</PageHeading>
        <ErrorState error={session.error} onRetry={() => loadMe(lang).catch(() => undefined)} />
      </>
    );
  }
  if (session.status === 'loading' || !session.me) {
    return (
      <>
        <PageHeading>{t.profileTitle}</PageHeading>
        <Loading />
      </>
    );
  }
  const me = session.me;
  return (
    <>
      <PageHeading>{t.profileTitle}</PageHeading>
      <div class="profile">
        <AccountDetails me={me} />
        <PreferencesForm me={me} />
        <NotificationSettings />
        <MyDataSection />
        <SignOutSection leaving={leaving} />
        <DeleteAccountSection leaving={leaving} />
      </div>
    </>
  );
}

function AccountDetails({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <section class="section card" aria-labelledby="account-details-heading" id="account-details">
      <h2 id="account-details-heading" class="section__heading">
        {t.detailsHeading}
      </h2>
      <dl class="contact-list">
        <div class="contact-list__row">
          <dt>{t.emailHeading}</dt>
          <dd class="break-anywhere">{me.user.email ?? t.noEmail}</dd>
        </div>
        <div class="contact-list__row">
          <dt>{t.signsInWithLabel}</dt>
          <dd>{me.user.signsInWith === 'local' ? t.signsInWithLocal : t.signsInWithOidc}</dd>
        </div>
      </dl>
    </section>
  );
}

function PreferencesForm({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  const [name, setName] = useState(me.user.name);
  const [language, setLanguage] = useState<Lang>(langOf(me.user.language));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);

  const fail = (found: FieldError[]) => {
    setErrors(found);
    setAttempt((n) => n + 1);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setSaved(false);
    const trimmed = name.trim();
    if (!trimmed) return fail([{ fieldId: NAME_ID, message: t.errorNameRequired }]);
    if (trimmed.length > 200) return fail([{ fieldId: NAME_ID, message: t.errorNameTooLong }]);
    setBusy(true);
    setErrors([]);
    try {
      const { data } = await runQuery(
        UpdateMyProfile,
        { input: { name: trimmed, language: languageCode(language) } },
        lang,
      );
      const payload = data.updateMyProfile;
      if (endedSession(payload.errors)) return;
      if (payload.errors.length || !payload.me) {
        fail(
          payload.errors.length
            ? payload.errors.map((e) => ({
                fieldId: e.field === 'name' ? NAME_ID : e.field === 'language' ? `${LANGUAGE_ID}-${language}` : null,
                message: e.message,
              }))
            : [{ fieldId: null, message: t.actionFailed }],
        );
        return;
      }
      sessionStore.set({ status: 'ready', me: payload.me });
      setName(payload.me.user.name);
      setSaved(true);
      // The saved preference is also the language of the UI from now on.
      const saved = langOf(payload.me.user.language);
      if (saved !== lang) setLang(saved);
    } catch (error) {
      fail([{ fieldId: null, message: isOffline(error) ? t.actionOffline : t.actionFailed }]);
    } finally {
      setBusy(false);
    }
  };

  const nameError = errors.find((e) => e.fieldId === NAME_ID) ?? null;

  return (
    <section class="section" aria-labelledby="preferences-heading" id="preferences">
      <h2 id="preferences-heading" class="section__heading">
        {t.preferencesHeading}
      </h2>
      <ErrorSummary title={t.saveFailedTitle} errors={errors} focusKey={attempt} />
      <form class="form narrow" id="profile-form" noValidate onSubmit={onSubmit}>
        <div class={`hds-text-input form__field${nameError ? ' hds-text-input--invalid' : ''}`}>
          <label class="hds-text-input__label" for={NAME_ID}>
            {t.nameLabel}
          </label>
          <div class="hds-text-input__input-wrapper">
            <input
              id={NAME_ID}
              class="hds-text-input__input"
              type="text"
              name="name"
              autocomplete="name"
              maxLength={200}
              required
              aria-invalid={nameError ? 'true' : undefined}
              aria-describedby={nameError ? `${NAME_ID}-error` : undefined}
              value={name}
              onInput={(e) => {
                setName((e.currentTarget as HTMLInputElement).value);
                setSaved(false);
              }}
            />
          </div>
          {nameError ? (
            <span class="hds-text-input__error-text" id={`${NAME_ID}-error`}>
              {nameError.message}
            </span>
          ) : null}
        </div>
        <fieldset class="hds-fieldset form__field choice-group" id={LANGUAGE_ID} aria-describedby={`${LANGUAGE_ID}-help`}>
          <legend class="hds-fieldset-legend">{t.languageLegend}</legend>
          <p class="form__help" id={`${LANGUAGE_ID}-help`}>
            {t.languageHelp}
          </p>
          {LANGS.map((code) => (
            <div class="hds-radio-button choice" key={code}>
              <input
                type="radio"
                class="hds-radio-button__input"
                id={`${LANGUAGE_ID}-${code}`}
                name="language"
                value={code}
                checked={language === code}
                onChange={() => {
                  setLanguage(code);
                  setSaved(false);
                }}
              />
              <label class="hds-radio-button__label" for={`${LANGUAGE_ID}-${code}`} lang={code}>
                {LANGUAGE_NAMES[code]}
              </label>
            </div>
          ))}
        </fieldset>
        <button
          type="submit"
          class="hds-button hds-button--primary form__submit"
          id="profile-save"
          aria-disabled={busy ? 'true' : undefined}
        >
          <span class="hds-button__label">{busy ? t.saving : t.saveButton}</span>
        </button>
        <div role="status" class="form__status" id="profile-status">
          {saved ? (
            <SavedNote>{t.saved}</SavedNote>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/** Saves `data` as a JSON file through a temporary download link (no server round trip). */
function saveJson(data: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function MyDataSection() {
  const { t, lang } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error' | 'offline'>('idle');

  const download = async () => {
    if (state === 'busy') return;
    setState('busy');
    try {
      const { data } = await runQuery(MyData, {}, lang);
      if (data.myData == null) {
        // Nobody is signed in any more.
        void forgetSession();
        return;
      }
      saveJson(data.myData, MY_DATA_FILE);
      setState('done');
    } catch (error) {
      setState(isOffline(error) ? 'offline' : 'error');
    }
  };

  return (
    <section class="section card" aria-labelledby="my-data-heading" id="my-data">
      <h2 id="my-data-heading" class="section__heading">
        {t.myDataHeading}
      </h2>
      <p>{t.myDataIntro}</p>
      <button
        type="button"
        class="hds-button hds-button--secondary"
        id="download-my-data"
        aria-disabled={state === 'busy' ? 'true' : undefined}
        onClick={download}
      >
        <span class="hds-icon hds-icon--download hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{t.downloadButton}</span>
      </button>
      <div role="status" class="form__status" id="my-data-status">
        {state === 'busy' ? <p>{t.preparingDownload}</p> : null}
        {state === 'done' ? <p>{t.downloaded(MY_DATA_FILE)}</p> : null}
      </div>
      {state === 'error' || state === 'offline' ? (
        <Notice type="error" title={t.errorTitle}>
          <p>{state === 'offline' ? t.actionOffline : t.actionFailed}</p>
        </Notice>
      ) : null}
    </section>
  );
}

function SignOutSection({ leaving }: { leaving: LeavingRef }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const onClick = async () => {
    if (busy) return;
    leaving.current = true;
    setBusy(true);
    setError(null);
    const result = await signOut(lang);
    if (result.ok) {
      // OpenID Connect: the identity provider ends its own session and sends the person back.
      if (result.redirect) window.location.assign(result.redirect);
      else navigateWithFlash(paths.home(), { kind: 'signedOut' });
      return;
    }
    leaving.current = false;
    setBusy(false);
    setError(result.offline ? t.actionOffline : t.actionFailed);
  };

  return (
    <section class="section card" aria-labelledby="sign-out-heading" id="sign-out">
      <h2 id="sign-out-heading" class="section__heading">
        {t.signOutHeading}
      </h2>
      <button
        type="button"
        class="hds-button hds-button--secondary"
        id="sign-out-button"
        aria-disabled={busy ? 'true' : undefined}
        onClick={onClick}
      >
        <span class="hds-icon hds-icon--signout hds-icon--size-s" aria-hidden="true" />
        <span class="hds-button__label">{busy ? t.signingOut : t.signOutButton}</span>
      </button>
      {error ? (
        <Notice type="error" title={t.errorTitle} focusRef={errorRef}>
          <p>{error}</p>
        </Notice>
      ) : null}
    </section>
  );
}

type DeleteStep =
  | { step: 'idle' }
  | { step: 'checking' }
  | { step: 'blocked'; reasons: string[] }
  | { step: 'confirm' }
  | { step: 'deleting' }
  | { step: 'error'; message: string };

function DeleteAccountSection({ leaving }: { leaving: LeavingRef }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<DeleteStep>({ step: 'idle' });
  const startRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLElement | null>(null);
  const returnFocus = useRef(false);

  // Focus follows the step: the question, the reason it cannot be done, or back to the start button.
  useLayoutEffect(() => {
    if (state.step === 'confirm') confirmRef.current?.focus();
    else if (state.step === 'blocked' || state.step === 'error') noticeRef.current?.focus();
    else if (state.step === 'idle' && returnFocus.current) {
      returnFocus.current = false;
      startRef.current?.focus();
    }
  }, [state.step]);

  const run = async (dryRun: boolean): Promise<void> => {
    try {
      const { data } = await runQuery(DeleteMyAccount, { dryRun }, lang);
      const payload = data.deleteMyAccount;
      if (endedSession(payload.errors)) return;
      if (payload.errors.length) {
        leaving.current = false;
        setState({ step: 'blocked', reasons: payload.errors.map((e) => e.message) });
      } else if (dryRun) {
        setState({ step: 'confirm' });
      } else if (payload.deleted) {
        await forgetPushDevice(lang).catch(() => undefined);
        await forgetSession();
        navigateWithFlash(paths.home(), { kind: 'accountDeleted' });
      } else {
        leaving.current = false;
        setState({ step: 'error', message: t.actionFailed });
      }
    } catch (error) {
      leaving.current = false;
      setState({ step: 'error', message: isOffline(error) ? t.actionOffline : t.actionFailed });
    }
  };

  const start = () => {
    if (state.step === 'checking' || state.step === 'deleting') return;
    setState({ step: 'checking' });
    announce(t.checkingDelete);
    void run(true);
  };

  const confirm = () => {
    if (state.step !== 'confirm') return;
    leaving.current = true;
    setState({ step: 'deleting' });
    announce(t.deleting);
    void run(false);
  };

  const cancel = () => {
    returnFocus.current = true;
    setState({ step: 'idle' });
  };

  const asking = state.step === 'confirm' || state.step === 'deleting';

  return (
    <section class="section card card--danger" aria-labelledby="delete-account-heading" id="delete-account">
      <h2 id="delete-account-heading" class="section__heading">
        {t.deleteHeading}
      </h2>
      <p>{t.deleteIntro}</p>
      {asking ? (
        <div class="confirm" role="group" aria-labelledby="delete-confirm-title" id="delete-confirm">
          <h3 class="confirm__title" id="delete-confirm-title" tabIndex={-1} ref={confirmRef}>
            {t.deleteConfirmTitle}
          </h3>
          <p>{t.deleteConfirmBody}</p>
          <div class="button-row">
            <button
              type="button"
              class="hds-button hds-button--danger"
              id="delete-confirm-button"
              aria-disabled={state.step === 'deleting' ? 'true' : undefined}
              onClick={confirm}
            >
              <span class="hds-icon hds-icon--trash hds-icon--size-s" aria-hidden="true" />
              <span class="hds-button__label">{state.step === 'deleting' ? t.deleting : t.deleteConfirmButton}</span>
            </button>
            <button
              type="button"
              class="hds-button hds-button--secondary"
              id="delete-cancel-button"
              aria-disabled={state.step === 'deleting' ? 'true' : undefined}
              onClick={state.step === 'deleting' ? undefined : cancel}
            >
              <span class="hds-button__label">{t.cancel}</span>
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          class="hds-button hds-button--secondary button--danger-outline"
          id="delete-account-button"
          ref={startRef}
          aria-disabled={state.step === 'checking' ? 'true' : undefined}
          onClick={start}
        >
          <span class="hds-icon hds-icon--trash hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{state.step === 'checking' ? t.checkingDelete : t.deleteButton}</span>
        </button>
      )}
      {state.step === 'blocked' ? (
        <Notice type="error" title={t.deleteBlockedTitle} id="delete-blocked" focusRef={noticeRef}>
          <ul class="notice__list">
            {state.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {state.step === 'error' ? (
        <Notice type="error" title={t.errorTitle} focusRef={noticeRef}>
          <p>{state.message}</p>
        </Notice>
      ) : null}
    </section>
  );
}

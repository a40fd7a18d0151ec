import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ErrorSummary,
  navigateWithFlash,
  PageHeading,
  useTitle,
  type FieldError,
} from '../components/common.tsx';
import { useQuery } from '../graphql/hooks.ts';
import { SignInOptions } from '../graphql/operations.ts';
import { useI18n } from '../i18n/index.ts';
import { navigate, paths, safeNext } from '../router.ts';
import { langOf, sessionStore, signIn } from '../session.ts';
import { useStore } from '../store.ts';

const EMAIL_ID = 'sign-in-email';
const PASSWORD_ID = 'sign-in-password';

/** A rough shape check only; the server decides. */
function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(value);
}

export function SignInScreen({ next }: { next: string | null }) {
  const { t, lang, setLang } = useI18n();
  const session = useStore(sessionStore);
  const target = safeNext(next) ?? paths.profile();
  useTitle(t.signInTitle);

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  /** True from the moment the form is sent: this screen then navigates on its own. */
  const submitted = useRef(false);

  // Already signed in (e.g. the Back button, or a bookmark): go on.
  useEffect(() => {
    if (!submitted.current && session.status === 'ready' && session.me) navigate(target, true);
  }, [session, target]);

  const options = useQuery(SignInOptions, {});
  const oidc = options.status === 'ok' && options.data.signInOptions.oidc;
  const oidcHref = `/auth/oidc/login?${new URLSearchParams({ next: target, lang }).toString()}`;

  const fieldError = (id: string) => errors.find((e) => e.fieldId === id) ?? null;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = email.trim();
    const found: FieldError[] = [];
    if (!trimmed) found.push({ fieldId: EMAIL_ID, message: t.errorEmailRequired });
    else if (!looksLikeEmail(trimmed)) found.push({ fieldId: EMAIL_ID, message: t.errorEmailInvalid });
    if (!password) found.push({ fieldId: PASSWORD_ID, message: t.errorPasswordRequired });
    if (found.length) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    setErrors([]);
    submitted.current = true;
    const result = await signIn(trimmed, password, lang);
    if (result.ok) {
      // The account's language preference becomes the UI language.
      setLang(langOf(result.me.user.language));
      navigateWithFlash(target, { kind: 'signedIn', name: result.me.user.name }, true);
      return;
    }
    submitted.current = false;
    setBusy(false);
    let message: string;
    if (result.code === 'OFFLINE') message = t.signInOffline;
    else if (result.code === 'NETWORK' || result.code === 'SERVER' || !result.message) message = t.signInFailed;
    else message = result.message;
    if (result.code === 'BAD_CREDENTIALS') setPassword('');
    setErrors([{ fieldId: null, message }]);
    setAttempt((n) => n + 1);
  };

  const emailError = fieldError(EMAIL_ID);
  const passwordError = fieldError(PASSWORD_ID);

  return (
    <>
      <PageHeading>{t.signInTitle}</PageHeading>
      <div class="narrow">
        <p class="lead">{t.signInIntro}</p>
        <ErrorSummary
          title={errors.some((e) => e.fieldId) ? t.errorSummaryTitle : t.signInFailedTitle}
          errors={errors}
          focusKey={attempt}
        />
        <form class="form" id="sign-in-form" noValidate onSubmit={onSubmit}>
          <div class={`hds-text-input form__field${emailError ? ' hds-text-input--invalid' : ''}`}>
            <label class="hds-text-input__label" for={EMAIL_ID}>
              {t.emailLabel}
            </label>
            <div class="hds-text-input__input-wrapper">
              <input
                id={EMAIL_ID}
                class="hds-text-input__input"
                type="email"
                name="email"
                autocomplete="username"
                inputMode="email"
                spellcheck={false}
                autoCapitalize="none"
                required
                aria-invalid={emailError ? 'true' : undefined}
                aria-describedby={emailError ? `${EMAIL_ID}-error` : undefined}
                value={email}
                onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
            {emailError ? (
              <span class="hds-text-input__error-text" id={`${EMAIL_ID}-error`}>
                {emailError.message}
              </span>
            ) : null}
          </div>
          <div class={`hds-text-input form__field${passwordError ? ' hds-text-input--invalid' : ''}`}>
            <label class="hds-text-input__label" for={PASSWORD_ID}>
              {t.passwordLabel}
            </label>
            <div class="hds-text-input__input-wrapper">
              <input
                id={PASSWORD_ID}
                class="hds-text-input__input"
                type="password"
                name="password"
                autocomplete="current-password"
                required
                aria-invalid={passwordError ? 'true' : undefined}
                aria-describedby={passwordError ? `${PASSWORD_ID}-error` : undefined}
                value={password}
                onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
            {passwordError ? (
              <span class="hds-text-input__error-text" id={`${PASSWORD_ID}-error`}>
                {passwordError.message}
              </span>
            ) : null}
          </div>
          <button
            type="submit"
            class="hds-button hds-button--primary form__submit"
            id="sign-in-submit"
            aria-disabled={busy ? 'true' : undefined}
          >
            <span class="hds-icon hds-icon--signin hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{busy ? t.signingIn : t.signInButton}</span>
          </button>
        </form>
        {oidc ? (
          <div class="sign-in__alternative">
            <p class="sign-in__or">{t.orDivider}</p>
            <a class="hds-button hds-button--secondary form__submit" id="sign-in-oidc" href={oidcHref}>
              <span class="hds-button__label">{t.signInWithHelsinkiProfile}</span>
            </a>
          </div>
        ) : null}
      </div>
    </>
  );
}

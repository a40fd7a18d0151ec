import { useState } from 'preact/hooks';
import 'hds-core/lib/icons/speechbubble-text.min.css';
import 'hds-core/lib/icons/bell.min.css';
import { NOTIFICATION_MESSAGES } from '../i18n/notifications.ts';
import { unreadCountStore } from '../notification-centre.ts';
import { LANGS, LANGUAGE_NAMES, useI18n } from '../i18n/index.ts';
import { REPORT_MESSAGES } from '../report-messages.ts';
import { navigate, paths, type Route } from '../router.ts';
import { sessionStore } from '../session.ts';
import { useStore } from '../store.ts';

export function SkipLink() {
  const { t } = useI18n();
  return (
    <a class="skip-link" href="#main">
      {t.skipToContent}
    </a>
  );
}

export function LanguageSwitcher() {
  const { lang, setLang, t } = useI18n();
  return (
    <nav class="lang-switcher" aria-label={t.languageNav}>
      <ul>
        {LANGS.map((code) => (
          <li key={code}>
            <button
              type="button"
              class="lang-switcher__button"
              lang={code}
              aria-pressed={code === lang ? 'true' : 'false'}
              onClick={() => setLang(code)}
            >
              {LANGUAGE_NAMES[code]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The wave ("koros") of Helsinki's look under the header, as inline SVG (no inline style, CSP-safe). */
function Koros() {
  return (
    <div class="hds-koros koros" aria-hidden="true">
      <svg xmlns="http://www.w3.org/2000/svg" width="100%" height="10" focusable="false">
        <defs>
          <pattern id="koros-wave" x="0" y="0" width="40" height="10" patternUnits="userSpaceOnUse">
            <path class="koros__fill" d="M0,0 H40 V5 C30,10 30,10 20,5 C10,0 10,0 0,5 Z" />
          </pattern>
        </defs>
        <rect fill="url(#koros-wave)" width="100%" height="10" />
      </svg>
    </div>
  );
}

/**
 * Sign in (signed out), the person's name linking to the profile (signed in), and Staff tools for
 * staff. Nothing while `me` is loading or unknown (offline), so no wrong state flashes by.
 */
export function AccountNav({ route, path }: { route: Route; path: string }) {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const unread = useStore(unreadCountStore);
  if (session.status !== 'ready') return <div class="account-nav account-nav--pending" />;
  const me = session.me;
  // Return here after signing in, except from the sign-in screen itself and the home page.
  const next = route.name === 'signIn' || route.name === 'notFound' || path === '/' ? null : path;
  return (
    <nav class="account-nav" aria-label={t.accountNav}>
      <ul>
        {me?.isStaff ? (
          <li>
            <a
              class="account-nav__link"
              href={paths.staff()}
              id="staff-link"
              aria-current={route.name === 'staff' ? 'page' : undefined}
            >
              <span class="hds-icon hds-icon--lock hds-icon--size-s" aria-hidden="true" />
              <span>{t.staffLink}</span>
            </a>
          </li>
        ) : null}
        <li>
          <a
            class="account-nav__link"
            href={paths.myRequests()}
            id="requests-link"
            aria-current={route.name === 'myRequests' ? 'page' : undefined}
          >
            <span class="hds-icon hds-icon--speechbubble-text hds-icon--size-s" aria-hidden="true" />
            <span>{REPORT_MESSAGES[lang].headerReportsLink}</span>
          </a>
        </li>
        {me ? (
          <li>
            <a
              class="account-nav__link"
              href={paths.appointments()}
              id="appointments-link"
              aria-current={route.name === 'appointments' ? 'page' : undefined}
            >
              <span class="hds-icon hds-icon--calendar hds-icon--size-s" aria-hidden="true" />
              <span>{t.myAppointmentsLink}</span>
            </a>
          </li>
        ) : null}
        {me ? (
          <li>
            <a
              class="account-nav__link account-nav__notifications"
              href={paths.notifications()}
              id="notifications-link"
              data-unread={unread ?? 0}
              aria-current={route.name === 'notifications' ? 'page' : undefined}
            >
              <span class="hds-icon hds-icon--bell hds-icon--size-s" aria-hidden="true" />
              <span>
                {NOTIFICATION_MESSAGES[lang].headerLink}
                {unread ? <span class="sr-only">{NOTIFICATION_MESSAGES[lang].headerLinkUnread(unread)}</span> : null}
              </span>
              {unread ? (
                <span class="account-nav__badge" id="unread-badge" aria-hidden="true">
                  {unread > 99 ? '99+' : unread}
                </span>
              ) : null}
            </a>
          </li>
        ) : null}
        <li>
          {me ? (
            <a
              class="account-nav__link account-nav__name"
              href={paths.profile()}
              id="profile-link"
              aria-current={route.name === 'profile' ? 'page' : undefined}
            >
              <span class="hds-icon hds-icon--user hds-icon--size-s" aria-hidden="true" />
              <span>
                {me.user.name}
                <span class="sr-only">, {t.profileLinkSuffix}</span>
              </span>
            </a>
          ) : (
            <a
              class="account-nav__link"
              href={paths.signIn(next)}
              id="sign-in-link"
              aria-current={route.name === 'signIn' ? 'page' : undefined}
            >
              <span class="hds-icon hds-icon--signin hds-icon--size-s" aria-hidden="true" />
              <span>{t.signInLink}</span>
            </a>
          )}
        </li>
      </ul>
    </nav>
  );
}

export function Header({ route, path }: { route: Route; path: string }) {
  const { t } = useI18n();
  return (
    <header class="site-header">
      <div class="site-header__inner">
        <a class="site-header__brand" href={paths.home()}>
          <span class="site-header__city">{t.cityName}</span>
          <span class="site-header__app">{t.appName}</span>
          <span class="sr-only">, {t.homeLink}</span>
        </a>
        <div class="site-header__tools">
          <LanguageSwitcher />
          <AccountNav route={route} path={path} />
        </div>
      </div>
      <Koros />
    </header>
  );
}

export function Footer() {
  const { t } = useI18n();
  return (
    <footer class="site-footer">
      <div class="site-footer__inner">
        <p class="site-footer__city">{t.footerCity}</p>
        <p class="site-footer__data">{t.footerData}</p>
      </div>
    </footer>
  );
}

/** The search form (role=search). A real GET form to /search, enhanced to client-side navigation. */
export function SearchForm({ initial = '' }: { initial?: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  return (
    <form
      class="search-form"
      role="search"
      action="/search"
      method="get"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(paths.search(value.trim()));
      }}
    >
      <div class="hds-text-input search-form__field">
        <label class="hds-text-input__label" for="search-q">
          {t.searchLabel}
        </label>
        <div class="search-form__row">
          <div class="hds-text-input__input-wrapper">
            <input
              id="search-q"
              class="hds-text-input__input"
              type="search"
              name="q"
              autocomplete="off"
              enterkeyhint="search"
              aria-describedby="search-q-help"
              value={value}
              onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <button type="submit" class="hds-button hds-button--primary search-form__submit">
            <span class="hds-icon hds-icon--search hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{t.searchButton}</span>
          </button>
        </div>
        <span class="hds-text-input__helper-text" id="search-q-help">
          {t.searchHelp}
        </span>
      </div>
    </form>
  );
}

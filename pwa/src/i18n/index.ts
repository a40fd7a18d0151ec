import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { LANGS, LOCALES, MESSAGES, type Lang, type Messages } from './messages.ts';

export { LANGS, LANGUAGE_NAMES, LOCALES, type Lang, type Messages } from './messages.ts';

const STORAGE_KEY = 'asiointi.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function storedLang(): Lang | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : null;
  } catch {
    return null; // storage disabled
  }
}

/** The stored choice, else the first of the browser's languages that is fi, sv or en, else fi. */
export function initialLang(): Lang {
  const stored = storedLang();
  if (stored) return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const primary = (tag ?? '').toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return 'fi';
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

export function applyLang(lang: Lang): void {
  document.documentElement.lang = lang;
}

export interface I18n {
  lang: Lang;
  locale: string;
  t: Messages;
  setLang: (lang: Lang) => void;
}

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return { lang, locale: LOCALES[lang], t: MESSAGES[lang], setLang };
}

export const I18nContext = createContext<I18n>(makeI18n('fi', () => undefined));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

import type { Lang } from './i18n/index.ts';

export function formatAddress(unit: {
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
}): string {
  const place = [unit.postalCode, unit.city].filter(Boolean).join(' ');
  return [unit.streetAddress, place].filter(Boolean).join(', ');
}

export function formatDistance(metres: number, locale: string): string {
  if (metres < 1000) {
    const rounded = Math.max(10, Math.round(metres / 10) * 10);
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(rounded)} m`;
  }
  const km = metres / 1000;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km)} km`;
}

/** "HH:MM" to the local way of writing a time: 8.00 in Finnish and Swedish, 08:00 in English. */
export function formatTime(hhmm: string, lang: Lang): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  if (!m) return hhmm;
  return lang === 'en' ? `${m[1]!.padStart(2, '0')}:${m[2]}` : `${Number(m[1])}.${m[2]}`;
}

export function formatIntervals(intervals: { opens: string; closes: string }[], lang: Lang): string {
  return intervals.map((i) => `${formatTime(i.opens, lang)}–${formatTime(i.closes, lang)}`).join(', ');
}

/** "YYYY-MM-DD" as the weekday and date, e.g. "maanantai 6.1." / "Monday 6 January". */
export function formatDay(date: string, locale: string): { weekday: string; date: string } {
  const [y, m, d] = date.split('-').map(Number);
  const when = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(when);
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(when);
  return { weekday: weekday.charAt(0).toUpperCase() + weekday.slice(1), date: day };
}

/** Today's date in Helsinki as "YYYY-MM-DD". */
export function helsinkiToday(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Only http(s) websites become links. */
export function safeWebsite(url: string): string | null {
  try {
    const parsed = new URL(url.includes('://') ? url : `https://${url}`);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function osmUrl(lat: number, lon: number): string {
  const la = lat.toFixed(6);
  const lo = lon.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=17/${la}/${lo}`;
}

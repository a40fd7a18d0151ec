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

const HELSINKI = 'Europe/Helsinki';
let helsinkiParts: Intl.DateTimeFormat | null = null;

/** An instant (ISO 8601) as the date and the time on a Helsinki clock: "YYYY-MM-DD" and "HH:MM". */
export function helsinkiDateTime(iso: string): { date: string; time: string } {
  helsinkiParts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: HELSINKI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = helsinkiParts.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The Helsinki clock time of an instant, written the local way ("9.00" / "09:00"). */
export function formatClock(iso: string, lang: Lang): string {
  return formatTime(helsinkiDateTime(iso).time, lang);
}

/** "10.00–10.30" in Helsinki time. */
export function formatTimeRange(startsAt: string, endsAt: string, lang: Lang): string {
  return `${formatClock(startsAt, lang)}–${formatClock(endsAt, lang)}`;
}

function utcNoon(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "YYYY-MM-DD" in full: "Tiistai 1. joulukuuta" / "Tisdag 1 december" / "Tuesday 1 December". */
export function formatLongDate(date: string, locale: string, withYear = false): string {
  return capitalize(
    new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    }).format(utcNoon(date)),
  );
}

/** "YYYY-MM-DD" without the weekday: "1. joulukuuta" / "1 December" (and the year when asked). */
export function formatDayMonth(date: string, locale: string, withYear = false): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(utcNoon(date));
}

/** "YYYY-MM" as "Joulukuu 2026" / "December 2026". */
export function formatMonth(month: string, locale: string): string {
  return capitalize(
    new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utcNoon(`${month}-01`)),
  );
}

/** The date `days` after "YYYY-MM-DD" (negative: before). */
export function addDays(date: string, days: number): string {
  const when = utcNoon(date);
  when.setUTCDate(when.getUTCDate() + days);
  return when.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` ("YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcNoon(b).getTime() - utcNoon(a).getTime()) / 86_400_000);
}

/** ISO weekday of "YYYY-MM-DD": 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return utcNoon(date).getUTCDay() || 7;
}

/** The Monday of the week of "YYYY-MM-DD". */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** "YYYY-MM" plus `months`. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const when = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + months, 1, 12));
  return when.toISOString().slice(0, 7);
}

/** The last date of "YYYY-MM". */
export function monthEnd(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/** Whether `value` is a real "YYYY-MM-DD" date. */
export function isDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return utcNoon(value).toISOString().slice(0, 10) === value;
}

/**
 * A route to the unit with the region's journey planner (HSL Reittiopas, as the City's own sites
 * link to it), from wherever the person is:
 * `https://reittiopas.hsl.fi/reitti/-/<street, city>::<lat>,<lon>?locale=<lang>`.
 */
export function directionsUrl(
  unit: {
    name: string;
    streetAddress: string | null;
    city: string | null;
    location: { lat: number; lon: number } | null;
  },
  lang: Lang,
): string | null {
  if (!unit.location && !unit.streetAddress) return null;
  const place = [unit.streetAddress, unit.city].filter(Boolean).join(', ') || unit.name;
  const target = unit.location
    ? `${place}::${unit.location.lat.toFixed(6)},${unit.location.lon.toFixed(6)}`
    : place;
  // Colons and commas are fine in a path segment (and the planner reads them as they are).
  const segment = encodeURIComponent(target).replace(/%3A/g, ':').replace(/%2C/g, ',');
  return `https://reittiopas.hsl.fi/reitti/-/${segment}?locale=${lang}`;
}

/** The name of an ISO weekday (1 = Monday … 7 = Sunday): "Maanantai" / "Måndag" / "Monday". */
export function weekdayName(weekday: number, locale: string): string {
  // 2024-01-01 was a Monday.
  return capitalize(
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(utcNoon(addDays('2024-01-01', weekday - 1))),
  );
}

/**
 * A date and a wall-clock time in Helsinki ("YYYY-MM-DD", "HH:MM") as a UTC instant
 * ("2026-01-15T10:00:00Z"), summer time included. A time that does not exist (the hour skipped in
 * spring) comes out an hour later; the repeated hour in autumn is taken the first time.
 */
export function helsinkiInstant(date: string, time: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  let guess = wall - 2 * 3_600_000; // Helsinki is UTC+2 in winter, UTC+3 in summer.
  for (let i = 0; i < 3; i++) {
    const shown = helsinkiDateTime(new Date(guess).toISOString());
    const [sy, smo, sd] = shown.date.split('-').map(Number);
    const [sh, smi] = shown.time.split(':').map(Number);
    const diff = wall - Date.UTC(sy ?? 1970, (smo ?? 1) - 1, sd ?? 1, sh ?? 0, smi ?? 0);
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess).toISOString().replace(/\.000Z$/, 'Z');
}

/** "HH:MM" as minutes since midnight ("24:00" is 1440), or null when it is not a time. */
export function clockMinutes(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const value = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && value <= 1440 ? value : null;
}

import { useEffect, useState } from 'preact/hooks';

/** The screens and their URLs (history-API routing; the backend answers index.html for them). */
export type Route =
  | { name: 'home' }
  | { name: 'search'; q: string }
  | { name: 'service'; id: string }
  | { name: 'unit'; id: string }
  | { name: 'signIn'; next: string | null }
  | { name: 'profile' }
  | { name: 'staff' }
  | { name: 'book'; serviceId: string; step: BookStep; typeId: string | null; date: string | null }
  | { name: 'appointments' }
  | { name: 'appointment'; id: string; change: 'day' | 'time' | null; date: string | null }
  | { name: 'staffAppointments'; unitId: string | null; date: string | null; view: 'day' | 'week' }
  | { name: 'staffSchedule'; unitId: string | null; date: string | null }
  | { name: 'staffRequests'; search: string }
  | { name: 'staffRequest'; id: string }
  | { name: 'report'; step: ReportStep; id: string | null }
  | { name: 'myRequests' }
  | { name: 'request'; id: string }
  | { name: 'trackRequest'; token: string }
  | { name: 'nearbyRequests'; categoryId: string | null }
  | { name: 'notifications' }
  | { name: 'notFound' };

/** The steps of reporting a problem, one question per screen (`sent` shows the outbox entry `id`). */
export const REPORT_STEPS = ['category', 'location', 'questions', 'description', 'photos', 'contact', 'review', 'sent'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** The steps of booking, one question per screen. */
export const BOOK_STEPS = ['place', 'day', 'time', 'questions', 'review', 'done'] as const;
export type BookStep = (typeof BOOK_STEPS)[number];

function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const paths = {
  home: () => '/',
  search: (q: string) => `/search?${new URLSearchParams({ q }).toString()}`,
  service: (id: string) => `/services/${encodeURIComponent(id)}`,
  unit: (id: string) => `/units/${encodeURIComponent(id)}`,
  signIn: (next?: string | null) => {
    const safe = safeNext(next);
    return safe ? `/sign-in?${new URLSearchParams({ next: safe }).toString()}` : '/sign-in';
  },
  profile: () => '/profile',
  staff: () => '/staff',
  book: (serviceId: string, params: { step?: BookStep; type?: string | null; date?: string | null } = {}) =>
    `/book/${encodeURIComponent(serviceId)}${query({
      step: params.step && params.step !== 'place' ? params.step : null,
      type: params.type,
      date: params.date,
    })}`,
  appointments: () => '/appointments',
  appointment: (id: string, params: { change?: 'day' | 'time' | null; date?: string | null } = {}) =>
    `/appointments/${encodeURIComponent(id)}${query({ change: params.change, date: params.date })}`,
  staffAppointments: (params: { unit?: string | null; date?: string | null; view?: 'day' | 'week' } = {}) =>
    `/staff/appointments${query({ unit: params.unit, date: params.date, view: params.view === 'week' ? 'week' : null })}`,
  staffSchedule: (params: { unit?: string | null; date?: string | null } = {}) =>
    `/staff/schedule${query({ unit: params.unit, date: params.date })}`,
  /** The staff queue; `search` is its filter as StaffRequestQueueScreen writes it ("?status=…", or ""). */
  staffRequests: (search = '') => `/staff/requests${search}`,
  staffRequest: (id: string) => `/staff/requests/${encodeURIComponent(id)}`,
  report: (step: ReportStep = 'category', id: string | null = null) =>
    `/report${query({ step: step === 'category' ? null : step, id })}`,
  myRequests: () => '/requests',
  request: (id: string) => `/requests/${encodeURIComponent(id)}`,
  trackRequest: (token: string) => `/requests/track/${encodeURIComponent(token)}`,
  nearbyRequests: (categoryId: string | null = null) => `/requests/nearby${query({ category: categoryId })}`,
  notifications: () => '/notifications',
};

/**
 * Where to go after signing in: only a path of this site (no other origin, no `//host`, no
 * backslash tricks) that is one of the app's screens other than the sign-in screen itself.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) return null;
  try {
    const base = window.location.origin;
    const url = new URL(next, base);
    if (url.origin !== base) return null;
    const route = parseRoute(url.pathname, url.search);
    if (route.name === 'notFound' || route.name === 'signIn') return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

function decode(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return value ? value : null;
  } catch {
    return null;
  }
}

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return { name: 'home' };
  if (path === '/search') return { name: 'search', q: (new URLSearchParams(search).get('q') ?? '').trim() };
  if (path === '/sign-in') return { name: 'signIn', next: new URLSearchParams(search).get('next') };
  if (path === '/profile') return { name: 'profile' };
  if (path === '/staff') return { name: 'staff' };
  if (path === '/notifications') return { name: 'notifications' };
  const params = new URLSearchParams(search);
  if (path === '/staff/appointments') {
    return {
      name: 'staffAppointments',
      unitId: params.get('unit') || null,
      date: params.get('date') || null,
      view: params.get('view') === 'week' ? 'week' : 'day',
    };
  }
  if (path === '/staff/schedule') {
    return { name: 'staffSchedule', unitId: params.get('unit') || null, date: params.get('date') || null };
  }
  if (path === '/staff/requests') return { name: 'staffRequests', search };
  const staffRequest = /^\/staff\/requests\/([^/]+)$/.exec(path);
  const staffRequestId = staffRequest ? decode(staffRequest[1]!) : null;
  if (staffRequestId) return { name: 'staffRequest', id: staffRequestId };
  if (path === '/report') {
    const step = params.get('step') ?? 'category';
    return {
      name: 'report',
      step: (REPORT_STEPS as readonly string[]).includes(step) ? (step as ReportStep) : 'category',
      id: params.get('id') || null,
    };
  }
  if (path === '/requests') return { name: 'myRequests' };
  if (path === '/requests/nearby') return { name: 'nearbyRequests', categoryId: params.get('category') || null };
  const requestPath = /^\/requests\/(?:(track)\/)?([^/]+)$/.exec(path);
  const requestKey = requestPath ? decode(requestPath[2]!) : null;
  if (requestPath && requestKey) {
    return requestPath[1] ? { name: 'trackRequest', token: requestKey } : { name: 'request', id: requestKey };
  }
  if (path === '/appointments') return { name: 'appointments' };
  const booking = /^\/(book|appointments)\/([^/]+)$/.exec(path);
  const bookingId = booking ? decode(booking[2]!) : null;
  if (booking && bookingId) {
    if (booking[1] === 'appointments') {
      const change = params.get('change');
      return {
        name: 'appointment',
        id: bookingId,
        change: change === 'day' || change === 'time' ? change : null,
        date: params.get('date') || null,
      };
    }
    const step = params.get('step') ?? 'place';
    return {
      name: 'book',
      serviceId: bookingId,
      step: (BOOK_STEPS as readonly string[]).includes(step) ? (step as BookStep) : 'place',
      typeId: params.get('type') || null,
      date: params.get('date') || null,
    };
  }
  const m = /^\/(services|units)\/([^/]+)$/.exec(path);
  const id = m ? decode(m[2]!) : null;
  if (m && id) return m[1] === 'services' ? { name: 'service', id } : { name: 'unit', id };
  return { name: 'notFound' };
}

const NAVIGATE_EVENT = 'asiointi:navigate';

export interface Location {
  route: Route;
  /** Increases on every navigation (push or back/forward); 0 for the first page load. */
  serial: number;
}

let serial = 0;

/** The serial of the screen shown now (see Location.serial). */
export function currentSerial(): number {
  return serial;
}

function current(): Location {
  return { route: parseRoute(window.location.pathname, window.location.search), serial };
}

/**
 * Change the address without a new screen (no focus move, no scrolling): for views whose state
 * lives in the screen, such as the staff calendar's date, so that a reload shows the same view.
 */
export function replaceQuietly(url: string): void {
  const target = new URL(url, window.location.href);
  history.replaceState(null, '', target.pathname + target.search + target.hash);
}

export function navigate(url: string, replace = false): void {
  const target = new URL(url, window.location.href);
  const same = target.pathname + target.search === window.location.pathname + window.location.search;
  if (replace || same) history.replaceState(null, '', target.pathname + target.search + target.hash);
  else history.pushState(null, '', target.pathname + target.search + target.hash);
  serial++;
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function useLocation(): Location {
  const [location, setLocation] = useState<Location>(current);
  useEffect(() => {
    const update = () => setLocation(current());
    const onPop = () => {
      serial++;
      update();
    };
    window.addEventListener('popstate', onPop);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return location;
}

/** Let the app handle clicks on its own links (same origin, plain left click, no target). */
export function interceptLinkClicks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !anchor.href || anchor.hasAttribute('download')) return;
  if (anchor.target && anchor.target !== '_self') return;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin) return;
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return; // in-page
  if (parseRoute(url.pathname, url.search).name === 'notFound') return; // not one of the app's screens
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

/**
 * What the staff's service-request screens share: the status workflow (as the backend allows it),
 * who may see and handle which requests, the queue's filter and its address, district boxes,
 * ages and times, and finding a request by its public number.
 */
import { useRef } from 'preact/hooks';
import { runQuery } from '../graphql/client.ts';
import type { QueryState } from '../graphql/hooks.ts';
import { StaffRequestCategories, StaffRequestQueue } from '../graphql/operations.ts';
import type {
  Me,
  RoleName,
  StaffAreaInput,
  StaffRequestQueueData,
  StaffRequestQueueFilter,
  StaffRequestStatus,
} from '../graphql/types.ts';
import { useI18n, type Lang } from '../i18n/index.ts';

export const STATUSES: readonly StaffRequestStatus[] = [
  'RECEIVED',
  'IN_HANDLING',
  'RESOLVED',
  'CLOSED_WITHOUT_ACTION',
  'REJECTED',
  'DUPLICATE',
];

/** What the queue shows when no status is chosen (the backend's default too). */
export const OPEN_STATUSES: readonly StaffRequestStatus[] = ['RECEIVED', 'IN_HANDLING'];

/**
 * Where a request can go from each status: `TRANSITIONS` of backend/service_requests/service.py.
 * DUPLICATE is reached only by marking the request a duplicate of its original.
 */
export const TRANSITIONS: Record<StaffRequestStatus, readonly StaffRequestStatus[]> = {
  RECEIVED: ['IN_HANDLING', 'REJECTED', 'DUPLICATE'],
  IN_HANDLING: ['RESOLVED', 'CLOSED_WITHOUT_ACTION', 'REJECTED', 'DUPLICATE'],
  RESOLVED: ['IN_HANDLING'],
  CLOSED_WITHOUT_ACTION: ['IN_HANDLING'],
  REJECTED: ['IN_HANDLING'],
  DUPLICATE: ['IN_HANDLING'],
};

const STATUS_KIND: Record<StaffRequestStatus, 'info' | 'alert' | 'success' | 'error' | null> = {
  RECEIVED: 'alert',
  IN_HANDLING: 'info',
  RESOLVED: 'success',
  CLOSED_WITHOUT_ACTION: null,
  REJECTED: 'error',
  DUPLICATE: null,
};

export function RequestStatus({ status, id }: { status: StaffRequestStatus; id?: string }) {
  const { t } = useI18n();
  const kind = STATUS_KIND[status];
  return (
    <span
      class={`hds-status-label${kind ? ` hds-status-label--${kind}` : ''} status-label`}
      id={id}
      data-status={status}
    >
      {t.staffRequests.statuses[status]}
    </span>
  );
}

// ---------------------------------------------------------------- who may

/** The type and key of a Relay global id ("ServiceRequestDepartment:1"), or null. */
export function decodeGlobalId(id: string): { type: string; key: string } | null {
  try {
    const text = atob(id);
    const at = text.indexOf(':');
    return at > 0 ? { type: text.slice(0, at), key: text.slice(at + 1) } : null;
  } catch {
    return null;
  }
}

/** The departments whose requests a person has one of `roles` for (as the backend's `scope_of`). */
export interface RequestScope {
  everything: boolean;
  departments: ReadonlySet<string>;
}

const VIEW_ROLES: readonly RoleName[] = ['ADMIN', 'HANDLER', 'VIEWER'];
const HANDLE_ROLES: readonly RoleName[] = ['ADMIN', 'HANDLER'];

function scopeOf(me: Me, roles: readonly RoleName[]): RequestScope {
  if (me.isAdmin) return { everything: true, departments: new Set() };
  let everything = false;
  const departments = new Set<string>();
  for (const grant of me.user.roles) {
    if (!roles.includes(grant.role)) continue;
    if (grant.scopeType === 'GLOBAL') everything = true;
    else if (grant.scopeType === 'DEPARTMENT' && grant.scopeId && /^\d+$/.test(grant.scopeId)) {
      departments.add(grant.scopeId);
    }
  }
  return { everything, departments };
}

export const viewScope = (me: Me) => scopeOf(me, VIEW_ROLES);
export const handleScope = (me: Me) => scopeOf(me, HANDLE_ROLES);

export function scopeEmpty(scope: RequestScope): boolean {
  return !scope.everything && scope.departments.size === 0;
}

/** Whether the scope holds a department (by its global id). */
export function coversDepartment(scope: RequestScope, departmentId: string | null | undefined): boolean {
  if (scope.everything) return true;
  if (!departmentId) return false;
  const decoded = decodeGlobalId(departmentId);
  return decoded !== null && scope.departments.has(decoded.key);
}

/** A request is in a department when its category belongs to it or it is allocated to it. */
export function coversRequest(
  scope: RequestScope,
  request: { category: { department: { id: string } }; allocatedDepartment: { id: string } | null },
): boolean {
  return coversDepartment(scope, request.category.department.id) || coversDepartment(scope, request.allocatedDepartment?.id);
}

// ---------------------------------------------------------------- the queue's filter

/** Rough boxes around the City's major districts (south, west, north, east): a quick area filter. */
export const DISTRICTS: readonly { key: string; box: StaffAreaInput }[] = [
  { key: 'southern', box: { south: 60.13, west: 24.85, north: 60.175, east: 24.995 } },
  { key: 'western', box: { south: 60.175, west: 24.83, north: 60.26, east: 24.93 } },
  { key: 'central', box: { south: 60.175, west: 24.92, north: 60.225, east: 25.0 } },
  { key: 'northern', box: { south: 60.215, west: 24.9, north: 60.29, east: 24.99 } },
  { key: 'northeastern', box: { south: 60.22, west: 24.98, north: 60.3, east: 25.1 } },
  { key: 'southeastern', box: { south: 60.14, west: 24.99, north: 60.21, east: 25.1 } },
  { key: 'eastern', box: { south: 60.18, west: 25.05, north: 60.26, east: 25.2 } },
  { key: 'ostersundom', box: { south: 60.22, west: 25.15, north: 60.3, east: 25.27 } },
];

/** Age choices: reported at most (`max`) or at least (`min`) so many days ago. */
export const AGES: readonly { key: string; minAgeDays?: number; maxAgeDays?: number }[] = [
  { key: 'day', maxAgeDays: 1 },
  { key: 'week', maxAgeDays: 7 },
  { key: 'month', maxAgeDays: 30 },
  { key: 'overWeek', minAgeDays: 7 },
  { key: 'overMonth', minAgeDays: 30 },
  { key: 'overQuarter', minAgeDays: 90 },
];

/** "Near me": requests within this many metres of the device. */
export const NEAR_RADIUS_M = 1000;

export interface QueueFilterState {
  statuses: StaffRequestStatus[];
  category: string;
  /** '' (the whole city), a district key, or 'near' (with `near`). */
  area: string;
  age: string;
  mine: boolean;
  near: { lat: number; lon: number } | null;
}

export const DEFAULT_FILTER: QueueFilterState = {
  statuses: [...OPEN_STATUSES],
  category: '',
  area: '',
  age: '',
  mine: false,
  near: null,
};

/** The filter from the queue's address (?status=RECEIVED,IN_HANDLING&category=&area=&age=&mine=1&near=lat,lon). */
export function parseQueueSearch(search: string): QueueFilterState {
  const params = new URLSearchParams(search);
  const statuses = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is StaffRequestStatus => (STATUSES as readonly string[]).includes(s));
  let area = params.get('area') ?? '';
  let near: QueueFilterState['near'] = null;
  if (area === 'near') {
    const [lat, lon] = (params.get('near') ?? '').split(',').map(Number);
    if (lat !== undefined && lon !== undefined && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      near = { lat, lon };
    } else area = '';
  } else if (!DISTRICTS.some((d) => d.key === area)) area = '';
  const age = params.get('age') ?? '';
  return {
    statuses: statuses.length ? [...new Set(statuses)] : [...OPEN_STATUSES],
    category: params.get('category') ?? '',
    area,
    age: AGES.some((a) => a.key === age) ? age : '',
    mine: params.get('mine') === '1',
    near,
  };
}

/** The address's search part of a filter ("" for the default one). */
export function queueSearch(state: QueueFilterState): string {
  const params = new URLSearchParams();
  const open = state.statuses.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => state.statuses.includes(s));
  if (!open) params.set('status', STATUSES.filter((s) => state.statuses.includes(s)).join(','));
  if (state.category) params.set('category', state.category);
  if (state.area) params.set('area', state.area);
  if (state.area === 'near' && state.near) params.set('near', `${state.near.lat.toFixed(4)},${state.near.lon.toFixed(4)}`);
  if (state.age) params.set('age', state.age);
  if (state.mine) params.set('mine', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A box that holds every point within `metres` of a place (as backend geography.box_around). */
export function boxAround(lat: number, lon: number, metres: number): StaffAreaInput {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  return { south: lat - dLat, west: lon - dLon, north: lat + dLat, east: lon + dLon };
}

export function queueFilter(state: QueueFilterState): StaffRequestQueueFilter {
  const filter: StaffRequestQueueFilter = { statuses: STATUSES.filter((s) => state.statuses.includes(s)) };
  if (state.category) filter.categoryIds = [state.category];
  if (state.area === 'near' && state.near) filter.area = boxAround(state.near.lat, state.near.lon, NEAR_RADIUS_M);
  else if (state.area) filter.area = DISTRICTS.find((d) => d.key === state.area)?.box ?? null;
  const age = AGES.find((a) => a.key === state.age);
  if (age?.minAgeDays !== undefined) filter.minAgeDays = age.minAgeDays;
  if (age?.maxAgeDays !== undefined) filter.maxAgeDays = age.maxAgeDays;
  if (state.mine) filter.allocatedToMe = true;
  return filter;
}

/** The queue's address last shown, for the request screen's way back. */
let lastQueue = '';
export function rememberQueueSearch(search: string): void {
  lastQueue = search;
}
export function lastQueueSearch(): string {
  return lastQueue;
}

// ---------------------------------------------------------------- times

const DAY_MS = 86_400_000;

/** Whole days since `iso` (0 for under a day). */
export function ageDays(iso: string, now = Date.now()): number {
  const at = new Date(iso).getTime();
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((now - at) / DAY_MS));
}

/** A date and time in Helsinki time, short. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(date);
}

// ---------------------------------------------------------------- keeping data while it reloads

/** While a query reloads with the same key (after a change), the data it had: nothing flashes away. */
export function useKept<T>(state: QueryState<T>, key: string): T | null {
  const kept = useRef<{ key: string; data: T } | null>(null);
  if (state.status === 'ok') {
    kept.current = { key, data: state.data };
    return state.data;
  }
  return state.status === 'loading' && kept.current?.key === key ? kept.current.data : null;
}

// ---------------------------------------------------------------- finding a request

export type RequestRef = { kind: 'id'; id: string } | { kind: 'number'; number: number } | { kind: 'invalid' };

/** What a staff member typed to name a request: its number ("123", "#123"), its id or its link. */
export function parseRequestRef(text: string): RequestRef {
  const value = text.trim();
  const number = /^(?:#|nro\.?\s*|nr\.?\s*|no\.?\s*)?(\d{1,9})$/i.exec(value);
  if (number) return { kind: 'number', number: Number(number[1]) };
  const link = /\/requests\/([^/?#\s]+)/.exec(value);
  let id = value;
  if (link) {
    try {
      id = decodeURIComponent(link[1]!);
    } catch {
      return { kind: 'invalid' };
    }
  }
  return decodeGlobalId(id)?.type === 'ServiceRequest' ? { kind: 'id', id } : { kind: 'invalid' };
}

interface Open311Request {
  service_request_id: number;
  service_code: string;
  requested_datetime: string;
  lat: number | null;
  long: number | null;
}

const LOOKUP_PAGE = 100;
const LOOKUP_PAGES = 5;

/**
 * The global id of the request with this public number among the staff member's requests, or
 * null. The public Open311 view of the number gives its category, place and time, which narrow
 * the staff queue to a handful of requests; the one with the number is picked from them.
 * Rejected requests (never public) are not found.
 */
export async function findRequestByNumber(number: number, lang: Lang): Promise<string | null> {
  const response = await fetch(`/open311/v2/requests/${number}.json`, {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.status === 404 || response.status === 400) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const [found] = (await response.json()) as Open311Request[];
  if (!found) return null;
  const categories = (await runQuery(StaffRequestCategories, {}, lang)).data.serviceRequestCategories;
  const category = categories.find((c) => c.serviceCode === found.service_code);
  if (!category) return null;
  const age = ageDays(found.requested_datetime);
  const filter: StaffRequestQueueFilter = {
    statuses: [...STATUSES],
    categoryIds: [category.id],
    minAgeDays: Math.max(0, age - 1),
    maxAgeDays: age + 2,
  };
  if (found.lat !== null && found.long !== null) {
    const d = 0.0001;
    filter.area = { south: found.lat - d, west: found.long - d, north: found.lat + d, east: found.long + d };
  }
  let after: string | null = null;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const result: { data: StaffRequestQueueData } = await runQuery(StaffRequestQueue, { filter, first: LOOKUP_PAGE, after }, lang);
    const queue = result.data.staffServiceRequestQueue;
    const hit = queue.edges.find((e) => e.node.number === number);
    if (hit) return hit.node.id;
    if (!queue.pageInfo.hasNextPage) return null;
    after = queue.pageInfo.endCursor;
  }
  return null;
}

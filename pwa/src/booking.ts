/**
 * What the booking screens share: idempotency keys, running a booking mutation to a typed
 * outcome, free times grouped by day, the nearest alternatives to a taken time, calendar files.
 */
import { QueryError, runQuery } from './graphql/client.ts';
import type { Operation } from './graphql/operations.ts';
import type { Booking, MutationError, Slot } from './graphql/types.ts';
import { helsinkiDateTime } from './format.ts';
import type { Lang, Messages } from './i18n/index.ts';
import { forgetSession } from './session.ts';

/** A random key (crypto.randomUUID where it exists, else 122 random bits in the same shape). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One idempotency key per attempt: the same key while the same thing is retried after a network
 * failure (the server then answers with what it already did), a new one for anything else.
 */
export class Attempt {
  private signature = '';
  private key = '';

  keyFor(signature: string): string {
    if (signature !== this.signature || !this.key) {
      this.signature = signature;
      this.key = newIdempotencyKey();
    }
    return this.key;
  }

  /** The server answered (done, or refused with a reason): the next try is a new attempt. */
  settle(): void {
    this.key = '';
  }
}

export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** The server's code (SLOT_TAKEN…), or OFFLINE / NETWORK when it could not be asked. */
      code: string;
      message: string;
      field: string | null;
      /** Nothing reached the server: the same attempt may be retried with the same key. */
      retryable: boolean;
    };

/**
 * Run a mutation whose payload has `errors`: the server's first error (in the UI language), a
 * network failure, or the payload. A lost session signs the page out (the screen then sends the
 * person to sign in).
 */
export async function runMutation<TData, TVars extends object, TPayload extends { errors: MutationError[] }>(
  op: Operation<TData, TVars>,
  variables: TVars,
  lang: Lang,
  t: Messages,
  select: (data: TData) => TPayload,
  attempt?: Attempt,
): Promise<Outcome<TPayload>> {
  let payload: TPayload;
  try {
    payload = select((await runQuery(op, variables, lang)).data);
  } catch (error) {
    if (error instanceof QueryError && error.kind === 'unauthenticated') {
      attempt?.settle();
      void forgetSession();
      return { ok: false, code: 'UNAUTHENTICATED', message: t.actionFailed, field: null, retryable: false };
    }
    const offline = error instanceof QueryError && error.kind === 'offline';
    return {
      ok: false,
      code: offline ? 'OFFLINE' : 'NETWORK',
      message: offline ? t.actionOffline : t.actionFailed,
      field: null,
      retryable: true,
    };
  }
  attempt?.settle();
  const first = payload.errors[0];
  if (first) {
    if (first.code === 'UNAUTHENTICATED') void forgetSession();
    return { ok: false, code: first.code, message: first.message, field: first.field, retryable: false };
  }
  return { ok: true, value: payload };
}

/** Free times by Helsinki date, in order. */
export function slotsByDate(slots: Slot[]): Map<string, Slot[]> {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const { date } = helsinkiDateTime(slot.startsAt);
    const list = days.get(date);
    if (list) list.push(slot);
    else days.set(date, [slot]);
  }
  return days;
}

/** The `count` free times nearest to `startsAt` (by time difference), in time order. */
export function nearestSlots(slots: Slot[], startsAt: string, count = 3): Slot[] {
  const target = new Date(startsAt).getTime();
  return slots
    .filter((s) => new Date(s.startsAt).getTime() !== target)
    .map((s) => ({ s, d: Math.abs(new Date(s.startsAt).getTime() - target) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, count)
    .map(({ s }) => s)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** The same instant, whatever the offset it is written with. */
export function sameInstant(a: string, b: string): boolean {
  return new Date(a).getTime() === new Date(b).getTime();
}

/** The booking as an .ics file (GET with the session cookie; the server names the file). */
export function icsUrl(bookingId: string, lang: Lang): string {
  return `/calendar/bookings/${encodeURIComponent(bookingId)}.ics?${new URLSearchParams({ lang }).toString()}`;
}

/** Whether the booking can still be cancelled or moved online (before the type's deadline). */
export function changeableOnline(booking: Booking, now = Date.now()): boolean {
  if (booking.status !== 'CONFIRMED' || !booking.appointmentType) return false;
  const deadline = new Date(booking.startsAt).getTime() - booking.appointmentType.cancelDeadlineMinutes * 60_000;
  return now < deadline;
}

/** The answer to a question as a person reads it (a choice's label, yes or no). */
export function answerText(
  question: { type: string; options: { value: string; label: string }[] },
  value: string | number | boolean | undefined,
  t: Messages,
): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (question.type === 'boolean') return value ? t.yes : t.no;
  if (question.type === 'choice') return question.options.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}

/**
 * The report being made: one draft per device, kept in memory for the screens and saved in
 * IndexedDB (photos as blobs included) so that a reload, going to sign in or losing the
 * connection loses nothing. Its `clientId` (crypto.randomUUID) becomes the outbox entry's and the
 * server's idempotency key when it is sent.
 *
 * Also the checks the server makes (lengths, markup, e-mail and phone shapes, required answers),
 * done here first so that a report queued offline is not refused when it finally goes.
 */
import { newIdempotencyKey } from './booking.ts';
import { helsinkiDateTime, helsinkiInstant } from './format.ts';
import type { OutboxRecord } from './outbox.ts';
import { DRAFT, get, put, remove } from './outbox-db.ts';
import type { ReportMessages } from './report-messages.ts';
import type { ReportPhoto } from './report-photos.ts';
import type { RequestAnswers, RequestCategory, RequestQuestion } from './report-types.ts';
import { createStore } from './store.ts';

export interface DraftLocation {
  lat: number;
  lon: number;
  /** Metres, as the device told it. */
  accuracy: number | null;
  /** The address it was looked up from (address search), if it was. */
  fromAddress?: string;
}

export interface ReportDraft {
  id: 'current';
  clientId: string;
  startedAt: string;
  categoryId: string | null;
  location: DraftLocation | null;
  address: string;
  /** Answers as typed: text, a list key, list keys, or "YYYY-MM-DDTHH:MM" (Helsinki) for datetimes. */
  answers: Record<string, string | string[]>;
  title: string;
  description: string;
  photos: ReportPhoto[];
  contact: { name: string; email: string; phone: string };
  showName: boolean;
}

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 4000;
export const MAX_ADDRESS = 300;
export const MAX_CONTACT_NAME = 200;
const MAX_EMAIL = 254;
const MAX_STRING_ANSWER = 500;
const MAX_TEXT_ANSWER = 4000;

// The server's own patterns (backend/service_requests/service.py).
const MARKUP = /<[A-Za-z/!?][^<>]*>/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,38}$/;

export function newDraft(): ReportDraft {
  return {
    id: 'current',
    clientId: newIdempotencyKey(),
    startedAt: new Date().toISOString(),
    categoryId: null,
    location: null,
    address: '',
    answers: {},
    title: '',
    description: '',
    photos: [],
    contact: { name: '', email: '', phone: '' },
    showName: false,
  };
}

/** null until the saved draft has been read. */
export const draftStore = createStore<ReportDraft | null>(null);

let loading: Promise<ReportDraft> | null = null;

/** Read the saved draft once (a new one when there is none). */
export function loadDraft(): Promise<ReportDraft> {
  loading ??= get<ReportDraft>(DRAFT, 'current').then(
    (saved) => {
      const draft = draftStore.get() ?? (saved && saved.clientId ? { ...newDraft(), ...saved } : newDraft());
      draftStore.set(draft);
      return draft;
    },
    () => {
      const draft = draftStore.get() ?? newDraft();
      draftStore.set(draft);
      return draft;
    },
  );
  return loading;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

function persist(draft: ReportDraft, soon: boolean): void {
  clearTimeout(saveTimer);
  if (soon) saveTimer = setTimeout(() => void put(DRAFT, draft), 400);
  else void put(DRAFT, draft);
}

/** Change the draft (text as it is typed is saved a moment later; everything else at once). */
export function updateDraft(change: (draft: ReportDraft) => ReportDraft, typing = false): ReportDraft {
  const current = draftStore.get() ?? newDraft();
  const next = change(current);
  draftStore.set(next);
  persist(next, typing);
  return next;
}

/** Forget the draft: a new, empty one with a new client id. */
export function resetDraft(): ReportDraft {
  clearTimeout(saveTimer);
  const fresh = newDraft();
  draftStore.set(fresh);
  void remove(DRAFT, 'current').then(() => put(DRAFT, fresh));
  return fresh;
}

/** A report that could not be sent, back in the flow to be corrected (the same client id). */
export function draftFromRecord(record: OutboxRecord): ReportDraft {
  const answers: Record<string, string | string[]> = {};
  for (const [code, value] of Object.entries(record.input.answers)) {
    if (Array.isArray(value)) answers[code] = value;
    else if (typeof value === 'number') answers[code] = String(value);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
      const { date, time } = helsinkiDateTime(value);
      answers[code] = `${date}T${time}`;
    } else answers[code] = value;
  }
  return {
    id: 'current',
    clientId: record.clientId,
    startedAt: record.createdAt,
    categoryId: record.input.categoryId,
    location: record.input.location ? { ...record.input.location, accuracy: null } : null,
    address: record.input.address,
    answers,
    title: record.input.title,
    description: record.input.description,
    photos: record.photos,
    contact: record.input.contact ?? { name: '', email: '', phone: '' },
    showName: record.input.showName,
  };
}

/** Whether anything has been chosen or written yet. */
export function draftStarted(draft: ReportDraft): boolean {
  return Boolean(
    draft.categoryId ||
      draft.location ||
      draft.address.trim() ||
      draft.title.trim() ||
      draft.description.trim() ||
      draft.photos.length,
  );
}

// ---------------------------------------------------------------- checks

/** Length in characters as the server counts them (code points). */
export function charCount(text: string): number {
  return [...text].length;
}

export function singleLine(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(' ');
}

export function multiLine(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Why a text would be refused, or null. */
export function textProblem(
  r: ReportMessages,
  label: string,
  text: string,
  max: number,
): string | null {
  if (CONTROL.test(text)) return r.errorControl(label);
  if (MARKUP.test(text)) return r.errorMarkup(label);
  if (charCount(text) > max) return r.errorTooLong(label, max);
  return null;
}

export function emailProblem(r: ReportMessages, email: string): string | null {
  const value = email.trim();
  return value && (value.length > MAX_EMAIL || !EMAIL.test(value)) ? r.errorEmail : null;
}

export function phoneProblem(r: ReportMessages, phone: string): string | null {
  const value = phone.trim();
  return value && !PHONE.test(value) ? r.errorPhone : null;
}

/** The questions a person answers (not the information-only ones), in their order. */
export function askedQuestions(category: RequestCategory): RequestQuestion[] {
  return category.questions.filter((q) => q.variable).sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

export function infoQuestions(category: RequestCategory): RequestQuestion[] {
  return category.questions.filter((q) => !q.variable).sort((a, b) => a.order - b.order);
}

export function answerFieldId(code: string): string {
  return `answer-${code.replace(/[^\w-]/g, '_')}`;
}

/** The id of the field an error on question `q` points at (the first choice of a list). */
export function answerErrorTarget(q: RequestQuestion): string {
  const id = answerFieldId(q.code);
  return q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist' ? `${id}-0` : id;
}

export interface AnswerProblem {
  fieldId: string;
  message: string;
}

/** The typed answers for the server, and what is wrong with them. */
export function typedAnswers(
  questions: RequestQuestion[],
  raw: Record<string, string | string[]>,
  r: ReportMessages,
  errorAnswerRequired: (label: string) => string,
  errorAnswerNumber: (label: string) => string,
): { answers: RequestAnswers; problems: AnswerProblem[] } {
  const answers: RequestAnswers = {};
  const problems: AnswerProblem[] = [];
  for (const q of questions) {
    const fieldId = answerErrorTarget(q);
    const value = raw[q.code];
    const label = q.description;
    if (q.datatype === 'multivaluelist') {
      const keys = (Array.isArray(value) ? value : value ? [value] : []).filter((k) => q.values.some((v) => v.key === k));
      if (keys.length) answers[q.code] = q.values.map((v) => v.key).filter((k) => keys.includes(k));
      else if (q.required) problems.push({ fieldId, message: errorAnswerRequired(label) });
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    if (!text.trim()) {
      if (q.required) problems.push({ fieldId, message: errorAnswerRequired(label) });
      continue;
    }
    if (q.datatype === 'singlevaluelist') {
      if (q.values.some((v) => v.key === text)) answers[q.code] = text;
      else problems.push({ fieldId, message: errorAnswerRequired(label) });
    } else if (q.datatype === 'number') {
      const number = Number(text.trim().replace(',', '.'));
      if (!Number.isFinite(number) || Math.abs(number) > 1e12) problems.push({ fieldId, message: errorAnswerNumber(label) });
      else answers[q.code] = number;
    } else if (q.datatype === 'datetime') {
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(text.trim());
      if (!m) problems.push({ fieldId, message: r.errorAnswerDate(label) });
      else answers[q.code] = helsinkiInstant(m[1]!, m[2]!);
    } else {
      const long = q.datatype === 'text';
      const cleaned = long ? multiLine(text) : singleLine(text);
      const problem = textProblem(r, label, cleaned, long ? MAX_TEXT_ANSWER : MAX_STRING_ANSWER);
      if (problem) problems.push({ fieldId, message: problem });
      else answers[q.code] = cleaned;
    }
  }
  return { answers, problems };
}

/** A rough box around Helsinki: a location far outside it is not kept (the server checks the exact area). */
export function nearHelsinki(lat: number, lon: number): boolean {
  return lat >= 60.05 && lat <= 60.37 && lon >= 24.75 && lon <= 25.3;
}

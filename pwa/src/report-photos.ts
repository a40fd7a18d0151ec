/**
 * A report's photos: checked on the device, previewed as a small data: URL (the CSP allows data:
 * images but not blob: ones), and uploaded to `POST /service-requests/photos` (multipart, field
 * `file`) → `201 {id, width, height}`.
 *
 * The upload never carries the session cookie: the CSRF middleware refuses cookie-carrying
 * multipart writes, and the photo's random id is what proves the upload later. Signed out (no
 * cookie to send) it goes by XMLHttpRequest, whose upload events give a percentage; signed in it
 * goes by `fetch(…, {credentials: 'omit'})` (XMLHttpRequest cannot leave a same-origin cookie out),
 * shown as an indeterminate progress bar.
 */
import type { Lang } from './i18n/index.ts';
import { currentMe } from './session.ts';
import { createStore } from './store.ts';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const UPLOAD_URL = '/service-requests/photos';
const THUMB_EDGE = 160;

/** A photo of a report being made or waiting in the outbox. */
export interface ReportPhoto {
  key: string;
  name: string;
  type: string;
  size: number;
  /** The file itself, kept on the device until the report is sent (null after). */
  blob: Blob | null;
  /** A small JPEG preview as a data: URL, or null when the browser cannot decode the format. */
  thumb: string | null;
  /** The server's id once uploaded (photos are attached by id when the report is sent). */
  uploadedId: string | null;
}

export type UploadResult =
  | { ok: true; id: string; width: number; height: number }
  /** Nothing reached the server (offline, network, 5xx, rate limit): keep the file and try later. */
  | { ok: false; kind: 'network' }
  /** The server refused the file (TOO_LARGE, UNSUPPORTED_TYPE, CORRUPT, …): it never will take it. */
  | { ok: false; kind: 'rejected'; code: string; message: string };

/** Upload progress per photo key: a percentage, or null while uploading without one. */
export const uploadProgressStore = createStore<Record<string, number | null>>({});

function setProgress(key: string, value: number | null | undefined): void {
  const next = { ...uploadProgressStore.get() };
  if (value === undefined) delete next[key];
  else next[key] = value;
  uploadProgressStore.set(next);
}

const inflight = new Map<string, Promise<UploadResult>>();

/** Upload a photo once: a second call for the same key while the first runs gets the same answer. */
export function uploadPhoto(key: string, blob: Blob, name: string, lang: Lang): Promise<UploadResult> {
  const running = inflight.get(key);
  if (running) return running;
  setProgress(key, currentMe() ? null : 0);
  const work = (currentMe() ? uploadByFetch(blob, name, lang) : uploadByXhr(key, blob, name, lang))
    .then(async (result) => {
      // A stale session cookie (signed out elsewhere) makes the XHR a cookie-carrying write.
      if (!result.ok && result.kind === 'rejected' && result.code === 'CSRF_REJECTED') {
        return uploadByFetch(blob, name, lang);
      }
      return result;
    })
    .finally(() => {
      inflight.delete(key);
      setProgress(key, undefined);
    });
  inflight.set(key, work);
  return work;
}

/** Whether an upload of this photo is running now. */
export function isUploading(key: string): boolean {
  return inflight.has(key);
}

function form(blob: Blob, name: string): FormData {
  const data = new FormData();
  data.append('file', blob, name || 'photo');
  return data;
}

function uploadUrl(lang: Lang): string {
  return `${UPLOAD_URL}?${new URLSearchParams({ lang }).toString()}`;
}

async function uploadByFetch(blob: Blob, name: string, lang: Lang): Promise<UploadResult> {
  let response: Response;
  try {
    response = await fetch(uploadUrl(lang), {
      method: 'POST',
      body: form(blob, name),
      credentials: 'omit',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
  } catch {
    return { ok: false, kind: 'network' };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return interpret(response.status, body);
}

function uploadByXhr(key: string, blob: Blob, name: string, lang: Lang): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(lang));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) setProgress(key, Math.round((event.loaded / event.total) * 100));
    });
    xhr.addEventListener('load', () => resolve(interpret(xhr.status, xhr.response as unknown)));
    xhr.addEventListener('error', () => resolve({ ok: false, kind: 'network' }));
    xhr.addEventListener('abort', () => resolve({ ok: false, kind: 'network' }));
    xhr.addEventListener('timeout', () => resolve({ ok: false, kind: 'network' }));
    xhr.send(form(blob, name));
  });
}

function interpret(status: number, body: unknown): UploadResult {
  const value = (body ?? {}) as {
    id?: unknown;
    width?: unknown;
    height?: unknown;
    error?: { code?: unknown; message?: unknown };
    errors?: { message?: unknown; extensions?: { code?: unknown } }[];
  };
  if (status === 201 && typeof value.id === 'string') {
    return { ok: true, id: value.id, width: Number(value.width) || 0, height: Number(value.height) || 0 };
  }
  if (status === 0 || status === 408 || status === 429 || status >= 500) return { ok: false, kind: 'network' };
  const graphqlStyle = value.errors?.[0];
  const code = typeof value.error?.code === 'string' ? value.error.code : graphqlStyle?.extensions?.code;
  const message = typeof value.error?.message === 'string' ? value.error.message : graphqlStyle?.message;
  return {
    ok: false,
    kind: 'rejected',
    code: typeof code === 'string' ? code : `HTTP_${status}`,
    message: typeof message === 'string' ? message : `HTTP ${status}`,
  };
}

/** What is wrong with a picked file before it is sent anywhere ('type' or 'size'), else null. */
export function checkPhoto(file: File): 'type' | 'size' | null {
  const type = file.type.toLowerCase();
  const heic = /\.(heic|heif)$/i.test(file.name);
  if (!type.startsWith('image/') && !heic) return 'type';
  if (file.size > MAX_PHOTO_BYTES) return 'size';
  return null;
}

/** A small JPEG preview of the photo as a data: URL, or null when it cannot be decoded here. */
export async function makeThumbnail(blob: Blob): Promise<string | null> {
  try {
    const bitmap = await createImageBitmap(blob);
    const scale = Math.min(1, THUMB_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.7);
  } catch {
    return null;
  }
}

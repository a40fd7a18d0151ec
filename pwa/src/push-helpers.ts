/**
 * Pure helpers of web push (no DOM state, no network): base64url keys, comparing a
 * subscription's applicationServerKey with the server's, and telling an iPhone or iPad browser
 * tab (where web push needs the app on the Home Screen first) from everything else.
 */

/** A base64url (or base64) string, padded or not, as bytes: the form `applicationServerKey` takes. */
export function urlBase64ToUint8Array(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const raw = atob(padded);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Bytes as unpadded base64url (what the server sends and stores). */
export function uint8ArrayToUrlBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let raw = '';
  for (const b of view) raw += String.fromCharCode(b);
  return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Whether a subscription made with `current` (its `options.applicationServerKey`, or null when
 * the browser does not tell) was made with the server's key `serverKey` (base64url). Unknown
 * counts as the same: re-subscribing needlessly would change the endpoint for nothing.
 */
export function sameApplicationServerKey(current: ArrayBuffer | null | undefined, serverKey: string): boolean {
  if (!current) return true;
  try {
    return uint8ArrayToUrlBase64(current) === uint8ArrayToUrlBase64(urlBase64ToUint8Array(serverKey));
  } catch {
    return false;
  }
}

export interface DeviceTraits {
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
  /** navigator.standalone (iOS) or `display-mode: standalone`: opened from the Home Screen. */
  standalone: boolean;
  hasServiceWorker: boolean;
  hasPushManager: boolean;
  hasNotification: boolean;
}

/** iPhone, iPod or iPad (iPadOS says "Macintosh" but has a touch screen). */
export function isAppleMobile(traits: Pick<DeviceTraits, 'userAgent' | 'platform' | 'maxTouchPoints'>): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(traits.userAgent)) return true;
  return traits.platform === 'MacIntel' && traits.maxTouchPoints > 1;
}

/**
 * - `supported`: this browser can subscribe;
 * - `ios-install`: an iPhone or iPad browser tab: web push works (iOS 16.4 and later) only in
 *   the app added to the Home Screen and opened from there;
 * - `unsupported`: no web push here at all.
 */
export type PushSupport = 'supported' | 'ios-install' | 'unsupported';

export function pushSupport(traits: DeviceTraits): PushSupport {
  const capable = traits.hasServiceWorker && traits.hasPushManager && traits.hasNotification;
  if (isAppleMobile(traits) && !traits.standalone) return 'ios-install';
  return capable ? 'supported' : 'unsupported';
}

/** A notification's URL is followed only when it is a path of this app (or this very origin). */
export function appPath(url: unknown, origin: string): string {
  if (typeof url !== 'string' || !url) return '/';
  try {
    const parsed = new URL(url, origin);
    if (parsed.origin !== origin) return '/';
    return parsed.pathname + parsed.search + parsed.hash;
  } catch {
    return '/';
  }
}

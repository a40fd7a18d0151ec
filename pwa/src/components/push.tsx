/**
 * Web push in the screens: the "Notify me when this request changes" and "Remind me before my
 * appointment" buttons (asking only when clicked), why push cannot be had here (no support; an
 * iPhone browser tab; blocked), and the device's push settings with the kinds of news (profile).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import 'hds-core/lib/icons/bell.min.css';
import 'hds-core/lib/icons/bell-crossed.min.css';
import { runQuery } from '../graphql/client.ts';
import {
  FollowServiceRequest,
  NotificationPreferences,
  UpdateNotificationPreferences,
} from '../graphql/operations.ts';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationPreference } from '../graphql/types.ts';
import { useNotificationText, type NotificationMessages } from '../i18n/notifications.ts';
import type { Messages } from '../i18n/index.ts';
import {
  disableNotifications,
  enableNotifications,
  pushDeviceStore,
  refreshPushStatus,
  type EnableResult,
  type PushDevice,
} from '../push.ts';
import { paths } from '../router.ts';
import { sessionStore } from '../session.ts';
import { announce, useStore } from '../store.ts';
import { Notice, SavedNote } from './common.tsx';

/** The device's push status, worked out when a screen that shows it opens (and when the app comes back into view). */
export function usePushDevice(): PushDevice {
  const device = useStore(pushDeviceStore);
  useEffect(() => {
    void refreshPushStatus();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshPushStatus();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
  return device;
}

/** The text of a failed attempt, in the UI language. */
function failureText(result: Exclude<EnableResult, { ok: true }>, n: NotificationMessages, t: Messages): string {
  switch (result.reason) {
    case 'dismissed':
      return n.dismissed;
    case 'offline':
      return t.actionOffline;
    case 'refused':
      return result.message ? n.refused(result.message) : n.failed;
    case 'unsupported':
      return n.unsupported;
    case 'ios-install':
      return n.iosTitle;
    case 'denied':
      return n.blockedTitle;
    default:
      return n.failed;
  }
}

/** iPhone and iPad browser tab: add to the Home Screen first, step by step. */
export function IosInstallHelp() {
  const { n } = useNotificationText();
  return (
    <Notice type="info" title={n.iosTitle} id="push-ios-help">
      <p>{n.iosIntro}</p>
      <ol class="push-steps">
        {n.iosSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </Notice>
  );
}

/** Notifications denied for this site: how to allow them again. */
export function BlockedHelp({ focusRef }: { focusRef?: { current: HTMLElement | null } }) {
  const { n } = useNotificationText();
  return (
    <Notice type="info" title={n.blockedTitle} id="push-blocked" {...(focusRef ? { focusRef } : {})}>
      <p>{n.blockedBody}</p>
      <ol class="push-steps">
        {n.blockedSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </Notice>
  );
}

/** Whether the signed-in person wants pushes of `kind` (null: not known, or not asked because push is off here). */
function usePreference(kind: NotificationKind, ask: boolean): [boolean | null, (value: boolean) => void] {
  const { lang } = useNotificationText();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    runQuery(NotificationPreferences, {}, lang).then(
      ({ data }) => {
        if (!live) return;
        const found = data.notificationPreferences?.find((p) => p.kind === kind);
        setEnabled(found ? found.enabled : null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [kind, ask, lang]);
  return [enabled, setEnabled];
}

/** Turn one kind on, unless it already is (the person asked for it just now). */
async function ensurePreference(kind: NotificationKind, lang: 'fi' | 'sv' | 'en'): Promise<void> {
  const { data } = await runQuery(NotificationPreferences, {}, lang);
  const found = data.notificationPreferences?.find((p) => p.kind === kind);
  if (found && !found.enabled) {
    await runQuery(UpdateNotificationPreferences, { preferences: [{ kind, enabled: true }] }, lang);
  }
}

export type PushOptInProps =
  /** A request, signed in: on = this device registered for the person, the kind wanted, and the request the person's own or followed. */
  | { context: 'request'; requestId: string; mine: boolean; followed: boolean; onFollowed: () => void }
  /** An anonymous report's tracking page: on = this device follows the token. */
  | { context: 'tracking'; token: string }
  /** A booking (signed in): on = this device registered for the person and reminders wanted. */
  | { context: 'booking' };

/** The "notify me" button in context, with what it can and cannot do here. */
export function PushOptIn(props: PushOptInProps) {
  const { n, t, lang } = useNotificationText();
  const session = useStore(sessionStore);
  const device = usePushDevice();
  const me = session.status === 'ready' ? session.me : null;
  const kind: NotificationKind = props.context === 'booking' ? 'REMINDER' : 'REQUEST_STATUS';
  const registeredHere =
    device.status === 'on' &&
    !!device.record &&
    (props.context === 'tracking' ? device.record.tokens.includes(props.token) : !!me && device.record.userId === me.user.id);
  const [wanted, setWanted] = usePreference(kind, registeredHere && props.context !== 'tracking');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [blockedNow, setBlockedNow] = useState(false);
  const errorRef = useRef<HTMLElement | null>(null);
  const blockedRef = useRef<HTMLElement | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [justTurnedOn, setJustTurnedOn] = useState(false);

  useLayoutEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useLayoutEffect(() => {
    if (blockedNow) blockedRef.current?.focus();
  }, [blockedNow]);
  useLayoutEffect(() => {
    if (justTurnedOn) statusRef.current?.focus();
  }, [justTurnedOn]);

  if (session.status !== 'ready' || device.status === 'checking') return null;
  if (props.context !== 'tracking' && !me) return null;

  const following = props.context === 'request' ? props.mine || props.followed : true;
  const on = registeredHere && wanted !== false && following;
  const onText = props.context === 'booking' ? n.remindBookingOn : n.notifyRequestOn;
  const label = props.context === 'booking' ? n.remindBooking : n.notifyRequest;
  const help = props.context === 'booking' ? n.remindBookingHelp : n.notifyRequestHelp;

  const enable = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setBlockedNow(false);
    announce(n.turningOn);
    const result = await enableNotifications({
      lang,
      userId: me?.user.id ?? null,
      trackingToken: props.context === 'tracking' ? props.token : null,
    });
    if (!result.ok) {
      setBusy(false);
      if (result.reason === 'denied') setBlockedNow(true);
      else setError(failureText(result, n, t));
      return;
    }
    try {
      if (props.context !== 'tracking') await ensurePreference(kind, lang);
      if (props.context === 'request' && !props.mine && !props.followed) {
        const { data } = await runQuery(FollowServiceRequest, { id: props.requestId }, lang);
        if (data.followServiceRequest.serviceRequest?.followedByMe) props.onFollowed();
      }
    } catch {
      // push is on; the kind or the following may be set again from the screens
    }
    setWanted(true);
    setBusy(false);
    setJustTurnedOn(true);
    announce(onText);
  };

  let body;
  if (device.status === 'unsupported') {
    body = (
      <p class="form__help" id="push-unsupported">
        {me ? n.unsupportedSignedIn : n.unsupported}
      </p>
    );
  } else if (device.status === 'ios-install') {
    body = <IosInstallHelp />;
  } else if (device.status === 'blocked') {
    body = <BlockedHelp focusRef={blockedRef} />;
  } else if (on) {
    body = (
      <>
        <p class="form__saved push-on" id="push-status" tabIndex={-1} ref={statusRef}>
          <span class="hds-icon hds-icon--check-circle-fill hds-icon--size-s" aria-hidden="true" />
          <span>{onText}</span>
        </p>
        {me ? (
          <p class="push-manage">
            <a class="hds-link" href={`${paths.profile()}#notification-settings`} id="push-manage-link">
              {n.manageLink}
            </a>
          </p>
        ) : null}
      </>
    );
  } else {
    body = (
      <>
        <button
          type="button"
          class="hds-button hds-button--secondary push-button"
          id="push-button"
          aria-describedby="push-help"
          aria-disabled={busy ? 'true' : undefined}
          onClick={() => void enable()}
        >
          <span class="hds-icon hds-icon--bell hds-icon--size-s" aria-hidden="true" />
          <span class="hds-button__label">{busy ? n.turningOn : label}</span>
        </button>
        <p class="form__help" id="push-help">
          {help}
        </p>
      </>
    );
  }

  return (
    <div class="push-opt-in" id="push-opt-in" data-push-state={on ? 'on' : device.status} data-push-context={props.context}>
      {body}
      <div role="status" class="push-progress" id="push-progress">
        {busy ? (
          <p class="push-progress__text">
            <span class="hds-loading-spinner hds-loading-spinner--small" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span>{n.turningOn}</span>
          </p>
        ) : null}
      </div>
      {blockedNow && device.status !== 'blocked' ? <BlockedHelp focusRef={blockedRef} /> : null}
      {error ? (
        <div role="alert">
          <Notice type="error" title={t.errorTitle} id="push-error" focusRef={errorRef}>
            <p>{error}</p>
          </Notice>
        </div>
      ) : null}
    </div>
  );
}

/** The profile's push section: this device on or off, and which kinds of news are pushed. */
export function NotificationSettings() {
  const { n, t, lang } = useNotificationText();
  const session = useStore(sessionStore);
  const me = session.status === 'ready' ? session.me : null;
  const device = usePushDevice();
  const [busy, setBusy] = useState<'on' | 'off' | null>(null);
  const [deviceNote, setDeviceNote] = useState<string | null>(null);
  const [deviceError, setDeviceError] = useState<string | null>(null);
  const [blockedNow, setBlockedNow] = useState(false);
  const blockedRef = useRef<HTMLElement | null>(null);

  const [prefs, setPrefs] = useState<NotificationPreference[] | null>(null);
  const [draft, setDraft] = useState<Record<NotificationKind, boolean> | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [prefsError, setPrefsError] = useState<string | null>(null);

  useLayoutEffect(() => {
    if (blockedNow) blockedRef.current?.focus();
  }, [blockedNow]);

  useEffect(() => {
    let live = true;
    runQuery(NotificationPreferences, {}, lang).then(
      ({ data }) => {
        if (!live || !data.notificationPreferences) return;
        setPrefs(data.notificationPreferences);
        setDraft(Object.fromEntries(data.notificationPreferences.map((p) => [p.kind, p.enabled])) as Record<NotificationKind, boolean>);
      },
      () => {
        if (live) setPrefsError(t.errorBody);
      },
    );
    return () => {
      live = false;
    };
  }, [lang]);

  const registeredHere = device.status === 'on' && !!me && device.record?.userId === me.user.id;

  const turnOn = async () => {
    if (busy) return;
    setBusy('on');
    setDeviceNote(null);
    setDeviceError(null);
    setBlockedNow(false);
    const result = await enableNotifications({ lang, userId: me?.user.id ?? null });
    setBusy(null);
    if (result.ok) setDeviceNote(n.turnedOn);
    else if (result.reason === 'denied') setBlockedNow(true);
    else setDeviceError(failureText(result, n, t));
  };

  const turnOff = async () => {
    if (busy) return;
    setBusy('off');
    setDeviceNote(null);
    setDeviceError(null);
    await disableNotifications(lang);
    setBusy(null);
    setDeviceNote(n.turnedOff);
  };

  const savePrefs = async (event: Event) => {
    event.preventDefault();
    if (saving || !draft) return;
    setSaving(true);
    setSaved(false);
    setPrefsError(null);
    try {
      const { data } = await runQuery(
        UpdateNotificationPreferences,
        { preferences: NOTIFICATION_KINDS.map((kind) => ({ kind, enabled: draft[kind] ?? true })) },
        lang,
      );
      const payload = data.updateNotificationPreferences;
      if (payload.errors.length || !payload.preferences) {
        setPrefsError(payload.errors[0]?.message ?? t.actionFailed);
      } else {
        setPrefs(payload.preferences);
        setSaved(true);
      }
    } catch {
      setPrefsError(navigator.onLine === false ? t.actionOffline : t.actionFailed);
    } finally {
      setSaving(false);
    }
  };

  let deviceBody;
  if (device.status === 'checking') deviceBody = <p>{n.deviceChecking}</p>;
  else if (device.status === 'unsupported') deviceBody = <p id="push-unsupported">{n.unsupportedSignedIn}</p>;
  else if (device.status === 'ios-install') deviceBody = <IosInstallHelp />;
  else if (device.status === 'blocked') deviceBody = <BlockedHelp />;
  else
    deviceBody = (
      <>
        <p id="push-device-state" data-push-state={registeredHere ? 'on' : 'off'}>
          {registeredHere ? n.deviceOn : n.deviceOff}
        </p>
        {registeredHere ? (
          <button
            type="button"
            class="hds-button hds-button--secondary"
            id="push-device-off"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => void turnOff()}
          >
            <span class="hds-icon hds-icon--bell-crossed hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{busy === 'off' ? n.turningOff : n.turnOff}</span>
          </button>
        ) : (
          <button
            type="button"
            class="hds-button hds-button--secondary"
            id="push-device-on"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => void turnOn()}
          >
            <span class="hds-icon hds-icon--bell hds-icon--size-s" aria-hidden="true" />
            <span class="hds-button__label">{busy === 'on' ? n.turningOn : n.turnOn}</span>
          </button>
        )}
      </>
    );

  return (
    <section class="section card" aria-labelledby="notification-settings-heading" id="notification-settings">
      <h2 id="notification-settings-heading" class="section__heading">
        {n.settingsHeading}
      </h2>
      <h3 class="push-settings__subheading">{n.deviceHeading}</h3>
      {deviceBody}
      <div role="status" class="form__status" id="push-device-status">
        {busy ? <p>{busy === 'on' ? n.turningOn : n.turningOff}</p> : deviceNote ? <p class="form__saved">{deviceNote}</p> : null}
      </div>
      {blockedNow && device.status !== 'blocked' ? <BlockedHelp focusRef={blockedRef} /> : null}
      {deviceError ? (
        <div role="alert">
          <Notice type="error" title={t.errorTitle} id="push-error">
            <p>{deviceError}</p>
          </Notice>
        </div>
      ) : null}
      {draft && prefs ? (
        <form class="form" id="notification-preferences-form" noValidate onSubmit={(e) => void savePrefs(e)}>
          <fieldset class="hds-fieldset form__field choice-group" aria-describedby="notification-preferences-help">
            <legend class="hds-fieldset-legend">{n.kindsLegend}</legend>
            <p class="form__help" id="notification-preferences-help">
              {n.kindsHelp}
            </p>
            {NOTIFICATION_KINDS.map((kind) => (
              <div class="hds-checkbox choice-check" key={kind}>
                <input
                  type="checkbox"
                  class="hds-checkbox__input"
                  id={`notification-kind-${kind}`}
                  name="kind"
                  value={kind}
                  checked={draft[kind] ?? true}
                  onChange={(e) => {
                    setDraft({ ...draft, [kind]: (e.currentTarget as HTMLInputElement).checked });
                    setSaved(false);
                  }}
                />
                <label class="hds-checkbox__label" for={`notification-kind-${kind}`}>
                  {n.kindNames[kind]}
                </label>
              </div>
            ))}
          </fieldset>
          <button
            type="submit"
            class="hds-button hds-button--primary"
            id="notification-preferences-save"
            aria-disabled={saving ? 'true' : undefined}
          >
            <span class="hds-button__label">{saving ? t.saving : n.savePreferences}</span>
          </button>
          <div role="status" class="form__status" id="notification-preferences-status">
            {saved ? (
              <SavedNote>{t.saved}</SavedNote>
            ) : null}
          </div>
        </form>
      ) : null}
      {prefsError ? (
        <div role="alert">
          <Notice type="error" title={t.errorTitle} id="notification-preferences-error">
            <p>{prefsError}</p>
          </Notice>
        </div>
      ) : null}
      <p>
        <a class="hds-link" href={paths.notifications()} id="notifications-centre-link">
          {n.centreTitle}
        </a>
      </p>
    </section>
  );
}

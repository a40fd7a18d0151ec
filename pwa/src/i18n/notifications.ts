/**
 * Web push and the notification centre in fi, sv and en: the "notify me" buttons, the device's
 * push settings, the iPhone explanation, and the centre (/notifications). A dictionary that
 * misses a key does not compile. "Ilmoitus" already means a report in this app, so the centre is
 * "Viestit" in Finnish and pushes are "push-ilmoitukset".
 */
import type { NotificationKind } from '../graphql/types.ts';
import { useI18n, type Lang } from './index.ts';

export interface NotificationMessages {
  // The centre
  centreTitle: string;
  centreIntro: string;
  headerLink: string;
  /** After the header link's word, for screen readers: "Viestit, 3 lukematonta". */
  headerLinkUnread: (unread: number) => string;
  unread: string;
  unreadCount: (n: number) => string;
  empty: string;
  signInToSee: string;
  markAllRead: string;
  markingRead: string;
  allMarkedRead: string;
  listLabel: string;
  kindNames: Record<NotificationKind, string>;
  settingsLink: string;

  // Buttons in context
  notifyRequest: string;
  notifyRequestHelp: string;
  notifyRequestOn: string;
  remindBooking: string;
  remindBookingHelp: string;
  remindBookingOn: string;
  turningOn: string;
  manageLink: string;

  // Why it cannot be had
  unsupported: string;
  unsupportedSignedIn: string;
  iosTitle: string;
  iosIntro: string;
  iosSteps: string[];
  blockedTitle: string;
  blockedBody: string;
  blockedSteps: string[];
  dismissed: string;
  failed: string;
  refused: (message: string) => string;

  // Settings (profile)
  settingsHeading: string;
  deviceHeading: string;
  deviceOn: string;
  deviceOff: string;
  deviceChecking: string;
  turnOn: string;
  turnOff: string;
  turningOff: string;
  turnedOn: string;
  turnedOff: string;
  kindsLegend: string;
  kindsHelp: string;
  savePreferences: string;
}

const fi: NotificationMessages = {
  centreTitle: 'Viestit',
  centreIntro:
    'Viestit ilmoitustesi ja ajanvaraustesi muutoksista. Samat viestit tulevat push-ilmoituksina laitteisiin, joissa olet ottanut ne käyttöön.',
  headerLink: 'Viestit',
  headerLinkUnread: (n) => `, ${n} lukematonta`,
  unread: 'Lukematon',
  unreadCount: (n) => (n === 1 ? '1 lukematon viesti' : `${n} lukematonta viestiä`),
  empty: 'Sinulla ei ole vielä viestejä.',
  signInToSee: 'Kirjaudu sisään, niin näet viestisi.',
  markAllRead: 'Merkitse kaikki luetuiksi',
  markingRead: 'Merkitään luetuiksi…',
  allMarkedRead: 'Kaikki viestit on merkitty luetuiksi.',
  listLabel: 'Viestit, uusin ensin',
  kindNames: {
    REQUEST_STATUS: 'Ilmoitusten tilanteen muutokset',
    BOOKING_CONFIRMATION: 'Ajanvarausten vahvistukset ja muutokset',
    REMINDER: 'Muistutukset ennen varattua aikaa',
  },
  settingsLink: 'Push-ilmoitusten asetukset',

  notifyRequest: 'Kerro minulle, kun tämän ilmoituksen tilanne muuttuu',
  notifyRequestHelp: 'Saat push-ilmoituksen tähän laitteeseen. Selain kysyy ensin lupaa.',
  notifyRequestOn: 'Saat tähän laitteeseen push-ilmoituksen, kun tämän ilmoituksen tilanne muuttuu.',
  remindBooking: 'Muistuta minua ennen varattua aikaa',
  remindBookingHelp: 'Saat muistutuksen push-ilmoituksena tähän laitteeseen. Selain kysyy ensin lupaa.',
  remindBookingOn: 'Saat tähän laitteeseen muistutuksen ennen varattua aikaa.',
  turningOn: 'Otetaan push-ilmoituksia käyttöön…',
  manageLink: 'Muuta push-ilmoitusten asetuksia',

  unsupported: 'Tämä selain ei pysty näyttämään push-ilmoituksia. Näet tilanteen avaamalla tämän sivun uudelleen.',
  unsupportedSignedIn: 'Tämä selain ei pysty näyttämään push-ilmoituksia. Samat tiedot tulevat Viestit-sivullesi.',
  iosTitle: 'Lisää sovellus ensin Koti-valikkoon',
  iosIntro: 'iPhonessa ja iPadissa push-ilmoitukset toimivat vain, kun Asiointi on lisätty Koti-valikkoon (iOS 16.4 tai uudempi):',
  iosSteps: [
    'Napauta Safarin Jaa-painiketta (neliö, josta lähtee nuoli ylös).',
    'Valitse ”Lisää Koti-valikkoon” ja napauta ”Lisää”.',
    'Avaa Asiointi Koti-valikon kuvakkeesta ja ota ilmoitukset käyttöön siellä.',
  ],
  blockedTitle: 'Push-ilmoitukset on estetty',
  blockedBody: 'Olet estänyt tämän sivuston ilmoitukset selaimessa. Voit sallia ne selaimen asetuksista:',
  blockedSteps: [
    'Napauta osoiterivin vieressä olevaa lukon tai asetusten kuvaketta (tai avaa selaimen sivustoasetukset).',
    'Valitse Ilmoitukset ja sitten Salli.',
    'Palaa tälle sivulle ja yritä uudelleen.',
  ],
  dismissed: 'Et antanut lupaa ilmoituksiin. Voit yrittää uudelleen.',
  failed: 'Push-ilmoituksia ei saatu käyttöön. Yritä myöhemmin uudelleen.',
  refused: (m) => `Push-ilmoituksia ei saatu käyttöön: ${m}`,

  settingsHeading: 'Push-ilmoitukset',
  deviceHeading: 'Tämä laite',
  deviceOn: 'Push-ilmoitukset ovat käytössä tässä laitteessa.',
  deviceOff: 'Push-ilmoitukset eivät ole käytössä tässä laitteessa.',
  deviceChecking: 'Tarkistetaan tämän laitteen tilaa…',
  turnOn: 'Ota käyttöön tässä laitteessa',
  turnOff: 'Poista käytöstä tässä laitteessa',
  turningOff: 'Poistetaan käytöstä…',
  turnedOn: 'Push-ilmoitukset otettiin käyttöön tässä laitteessa.',
  turnedOff: 'Push-ilmoitukset poistettiin käytöstä tässä laitteessa.',
  kindsLegend: 'Mistä haluat push-ilmoituksen',
  kindsHelp: 'Kaikki viestit tulevat joka tapauksessa Viestit-sivullesi.',
  savePreferences: 'Tallenna valinnat',
};

const sv: NotificationMessages = {
  centreTitle: 'Meddelanden',
  centreIntro:
    'Meddelanden om ändringar i dina anmälningar och bokningar. Samma meddelanden skickas som pushnotiser till de enheter där du har slagit på dem.',
  headerLink: 'Meddelanden',
  headerLinkUnread: (n) => `, ${n} olästa`,
  unread: 'Oläst',
  unreadCount: (n) => (n === 1 ? '1 oläst meddelande' : `${n} olästa meddelanden`),
  empty: 'Du har inga meddelanden ännu.',
  signInToSee: 'Logga in för att se dina meddelanden.',
  markAllRead: 'Markera alla som lästa',
  markingRead: 'Markerar som lästa…',
  allMarkedRead: 'Alla meddelanden har markerats som lästa.',
  listLabel: 'Meddelanden, nyaste först',
  kindNames: {
    REQUEST_STATUS: 'Ändringar i anmälningarnas status',
    BOOKING_CONFIRMATION: 'Bekräftelser och ändringar av bokningar',
    REMINDER: 'Påminnelser före bokad tid',
  },
  settingsLink: 'Inställningar för pushnotiser',

  notifyRequest: 'Meddela mig när ärendet ändras',
  notifyRequestHelp: 'Du får en pushnotis till den här enheten. Webbläsaren frågar först om lov.',
  notifyRequestOn: 'Du får en pushnotis till den här enheten när ärendet ändras.',
  remindBooking: 'Påminn mig före min tid',
  remindBookingHelp: 'Du får en påminnelse som pushnotis till den här enheten. Webbläsaren frågar först om lov.',
  remindBookingOn: 'Du får en påminnelse till den här enheten före din tid.',
  turningOn: 'Slår på pushnotiser…',
  manageLink: 'Ändra inställningarna för pushnotiser',

  unsupported: 'Den här webbläsaren kan inte visa pushnotiser. Du ser läget genom att öppna den här sidan igen.',
  unsupportedSignedIn: 'Den här webbläsaren kan inte visa pushnotiser. Samma information kommer till dina Meddelanden.',
  iosTitle: 'Lägg först till appen på hemskärmen',
  iosIntro: 'På iPhone och iPad fungerar pushnotiser bara när Asiointi har lagts till på hemskärmen (iOS 16.4 eller nyare):',
  iosSteps: [
    'Tryck på Dela-knappen i Safari (en fyrkant med en pil uppåt).',
    'Välj ”Lägg till på hemskärmen” och tryck på ”Lägg till”.',
    'Öppna Asiointi från symbolen på hemskärmen och slå på notiserna där.',
  ],
  blockedTitle: 'Pushnotiser är blockerade',
  blockedBody: 'Du har blockerat notiser från den här webbplatsen i webbläsaren. Du kan tillåta dem i webbläsarens inställningar:',
  blockedSteps: [
    'Tryck på lås- eller inställningssymbolen bredvid adressfältet (eller öppna webbläsarens webbplatsinställningar).',
    'Välj Aviseringar och sedan Tillåt.',
    'Kom tillbaka till den här sidan och försök igen.',
  ],
  dismissed: 'Du gav inte lov till notiser. Du kan försöka igen.',
  failed: 'Pushnotiserna kunde inte slås på. Försök igen senare.',
  refused: (m) => `Pushnotiserna kunde inte slås på: ${m}`,

  settingsHeading: 'Pushnotiser',
  deviceHeading: 'Den här enheten',
  deviceOn: 'Pushnotiser är påslagna på den här enheten.',
  deviceOff: 'Pushnotiser är inte påslagna på den här enheten.',
  deviceChecking: 'Kontrollerar enhetens läge…',
  turnOn: 'Slå på på den här enheten',
  turnOff: 'Stäng av på den här enheten',
  turningOff: 'Stänger av…',
  turnedOn: 'Pushnotiser slogs på på den här enheten.',
  turnedOff: 'Pushnotiser stängdes av på den här enheten.',
  kindsLegend: 'Vad vill du få pushnotiser om',
  kindsHelp: 'Alla meddelanden kommer i vilket fall till dina Meddelanden.',
  savePreferences: 'Spara valen',
};

const en: NotificationMessages = {
  centreTitle: 'Notifications',
  centreIntro:
    'News about your reports and appointments. The same news is sent as push notifications to the devices where you have turned them on.',
  headerLink: 'Notifications',
  headerLinkUnread: (n) => `, ${n} unread`,
  unread: 'Unread',
  unreadCount: (n) => (n === 1 ? '1 unread notification' : `${n} unread notifications`),
  empty: 'You have no notifications yet.',
  signInToSee: 'Sign in to see your notifications.',
  markAllRead: 'Mark all as read',
  markingRead: 'Marking as read…',
  allMarkedRead: 'All notifications are marked as read.',
  listLabel: 'Notifications, newest first',
  kindNames: {
    REQUEST_STATUS: 'Changes in the status of reports',
    BOOKING_CONFIRMATION: 'Booking confirmations and changes',
    REMINDER: 'Reminders before appointments',
  },
  settingsLink: 'Push notification settings',

  notifyRequest: 'Notify me when this request changes',
  notifyRequestHelp: 'You get a push notification on this device. The browser asks for your permission first.',
  notifyRequestOn: 'You will get a push notification on this device when this request changes.',
  remindBooking: 'Remind me before my appointment',
  remindBookingHelp: 'You get the reminder as a push notification on this device. The browser asks for your permission first.',
  remindBookingOn: 'You will get a reminder on this device before your appointment.',
  turningOn: 'Turning on push notifications…',
  manageLink: 'Change push notification settings',

  unsupported: 'This browser cannot show push notifications. Open this page again to see the status.',
  unsupportedSignedIn: 'This browser cannot show push notifications. The same news comes to your Notifications.',
  iosTitle: 'Add the app to your Home Screen first',
  iosIntro: 'On iPhone and iPad, push notifications work only when Asiointi is on the Home Screen (iOS 16.4 or later):',
  iosSteps: [
    'Tap the Share button in Safari (a square with an arrow pointing up).',
    'Choose “Add to Home Screen” and tap “Add”.',
    'Open Asiointi from its Home Screen icon and turn notifications on there.',
  ],
  blockedTitle: 'Push notifications are blocked',
  blockedBody: 'You have blocked notifications from this site in your browser. You can allow them in the browser’s settings:',
  blockedSteps: [
    'Tap the lock or settings icon next to the address bar (or open the browser’s site settings).',
    'Choose Notifications, then Allow.',
    'Come back to this page and try again.',
  ],
  dismissed: 'You did not allow notifications. You can try again.',
  failed: 'Push notifications could not be turned on. Please try again later.',
  refused: (m) => `Push notifications could not be turned on: ${m}`,

  settingsHeading: 'Push notifications',
  deviceHeading: 'This device',
  deviceOn: 'Push notifications are on for this device.',
  deviceOff: 'Push notifications are off for this device.',
  deviceChecking: 'Checking this device…',
  turnOn: 'Turn on for this device',
  turnOff: 'Turn off for this device',
  turningOff: 'Turning off…',
  turnedOn: 'Push notifications were turned on for this device.',
  turnedOff: 'Push notifications were turned off for this device.',
  kindsLegend: 'What to notify you of',
  kindsHelp: 'Every notification comes to your Notifications page in any case.',
  savePreferences: 'Save choices',
};

export const NOTIFICATION_MESSAGES: Record<Lang, NotificationMessages> = { fi, sv, en };

export function useNotificationText() {
  const i18n = useI18n();
  return { ...i18n, n: NOTIFICATION_MESSAGES[i18n.lang] };
}

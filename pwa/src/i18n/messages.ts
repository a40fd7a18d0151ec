/**
 * Every UI string in Finnish, Swedish and English. `Messages` lists the keys: a dictionary that
 * misses one (or has one too many) does not compile.
 */
import { STAFF_REQUEST_MESSAGES, type StaffRequestMessages } from './staffRequests.ts';

export type Lang = 'fi' | 'sv' | 'en';

export const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];

/** Each language's own name for itself: the accessible names of the language switcher. */
export const LANGUAGE_NAMES: Record<Lang, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

/** BCP 47 locales for dates and numbers. */
export const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export interface Messages {
  appName: string;
  cityName: string;
  pageTitle: (screen: string) => string;
  skipToContent: string;
  homeLink: string;
  languageNav: string;
  footerCity: string;
  footerData: string;

  loading: string;
  errorTitle: string;
  errorBody: string;
  errorOfflineBody: string;
  retry: string;
  offlineNotice: string;
  loadMore: string;
  showingOf: (shown: number, total: number) => string;

  homeTitle: string;
  homeIntro: string;
  searchLabel: string;
  searchButton: string;
  searchHelp: string;
  categoriesHeading: string;
  categoriesLoaded: (n: number) => string;
  noCategories: string;
  unitCount: (n: number) => string;

  searchTitle: string;
  searchFor: (q: string) => string;
  searchEmptyQuery: string;
  servicesHeading: string;
  unitsHeading: string;
  servicesFound: (n: number) => string;
  unitsFound: (n: number) => string;
  noServicesFound: string;
  noUnitsFound: string;
  searchAnnouncement: (services: number, units: number) => string;

  serviceFallbackTitle: string;
  serviceCategory: string;
  serviceUnitsHeading: string;
  serviceNoUnits: string;
  nearestFirst: string;
  alphabetical: string;
  locating: string;
  sortedByDistance: string;
  sortedByName: string;
  geoDenied: string;
  geoUnavailable: string;
  geoUnsupported: string;
  distanceAway: (distance: string) => string;

  unitFallbackTitle: string;
  addressHeading: string;
  showOnMap: string;
  noAddress: string;
  openingHoursHeading: string;
  today: string;
  todayHours: (hours: string) => string;
  todayClosed: string;
  closed: string;
  weekCaption: string;
  dayColumn: string;
  hoursColumn: string;
  noOpeningHours: string;
  unitServicesHeading: string;
  noUnitServices: string;
  contactHeading: string;
  phone: string;
  email: string;
  website: string;
  noContact: string;
  accessibilityHeading: string;

  accountNav: string;
  signInLink: string;
  profileLinkSuffix: string;
  staffLink: string;

  flashSignedIn: (name: string) => string;
  flashSignedOut: string;
  flashAccountDeleted: string;
  errorSummaryTitle: string;
  actionFailed: string;
  actionOffline: string;
  cancel: string;

  signInTitle: string;
  signInIntro: string;
  emailLabel: string;
  passwordLabel: string;
  signInButton: string;
  signingIn: string;
  signInFailedTitle: string;
  errorEmailRequired: string;
  errorEmailInvalid: string;
  errorPasswordRequired: string;
  signInOffline: string;
  signInFailed: string;
  orDivider: string;
  signInWithHelsinkiProfile: string;

  profileTitle: string;
  detailsHeading: string;
  emailHeading: string;
  signsInWithLabel: string;
  signsInWithLocal: string;
  signsInWithOidc: string;
  noEmail: string;
  preferencesHeading: string;
  nameLabel: string;
  languageLegend: string;
  languageHelp: string;
  saveButton: string;
  saving: string;
  saved: string;
  saveFailedTitle: string;
  errorNameRequired: string;
  errorNameTooLong: string;
  myDataHeading: string;
  myDataIntro: string;
  downloadButton: string;
  preparingDownload: string;
  downloaded: (file: string) => string;
  signOutHeading: string;
  signOutButton: string;
  signingOut: string;
  deleteHeading: string;
  deleteIntro: string;
  deleteButton: string;
  checkingDelete: string;
  deleteBlockedTitle: string;
  deleteConfirmTitle: string;
  deleteConfirmBody: string;
  deleteConfirmButton: string;
  deleting: string;

  staffTitle: string;
  staffForbiddenTitle: string;
  staffForbiddenBody: string;
  rolesHeading: string;
  roleNames: Record<'ADMIN' | 'HANDLER' | 'VIEWER', string>;
  scopeGlobal: string;
  scopeKinds: Record<'DEPARTMENT' | 'UNIT' | 'SERVICE', string>;
  noRoles: string;
  auditHeading: string;
  auditCaption: string;
  auditTime: string;
  auditAction: string;
  auditTarget: string;
  auditEmpty: string;
  auditActions: Record<string, string>;
  targetTypes: Record<string, string>;
  usersHeading: string;
  usersSearchLabel: string;
  usersSearchRegion: string;
  usersEmpty: string;
  usersFound: (n: number) => string;
  userNoRoles: string;

  myAppointmentsLink: string;
  myAppointmentsTitle: string;
  appointmentFallbackTitle: string;
  bookHeading: string;
  bookIntro: (places: number) => string;
  bookButton: string;
  bookStepTitles: Record<'place' | 'day' | 'time' | 'questions' | 'review' | 'done', string>;
  stepOf: (step: number, total: number) => string;
  back: string;
  backToService: string;
  notBookableOnline: string;
  placeFilterLabel: string;
  noPlacesMatch: string;
  loadingFreeTimes: string;
  previousMonth: string;
  nextMonth: string;
  dayListHelp: string;
  freeDays: (n: number) => string;
  freeTimes: (n: number) => string;
  freeTimesOn: (day: string, n: number) => string;
  freeTimesLegend: (day: string) => string;
  noFreeDaysInMonth: (month: string) => string;
  noFreeDaysAtAll: string;
  noFreeTimesLeft: string;
  durationNote: (minutes: number) => string;
  seatsLeft: (n: number) => string;
  continueButton: string;
  holdingTime: string;
  errorChooseTime: string;
  slotTakenTitle: string;
  findingAlternatives: string;
  nearestAlternatives: string;
  noAlternatives: string;
  chooseAnotherDay: string;
  holdExpiredTitle: string;
  heldUntil: (time: string) => string;
  optional: string;
  errorAnswerRequired: (label: string) => string;
  errorAnswerNumber: (label: string) => string;
  yes: string;
  no: string;
  summaryService: string;
  summaryDate: string;
  summaryTime: string;
  summaryPlace: string;
  change: string;
  dateAtTime: (date: string, time: string) => string;
  cancelRule: (minutes: number) => string;
  confirmBooking: string;
  confirming: string;
  bookingFailedTitle: string;
  bookedNotice: string;
  bookedAnnouncement: string;
  viewBooking: string;
  alreadyBooked: string;
  bookAnother: string;
  addToCalendar: string;
  directions: string;
  callUnit: (phone: string) => string;

  upcomingHeading: string;
  pastHeading: string;
  upcomingCount: (n: number) => string;
  noUpcoming: string;
  noPast: string;
  statusLabel: string;
  bookingStatus: Record<'HELD' | 'CONFIRMED' | 'CANCELLED' | 'NO_SHOW' | 'CHECKED_IN' | 'EXPIRED', string>;
  changeHeading: string;
  rescheduleButton: string;
  changeTimeCaption: (type: string) => string;
  currentTime: (when: string) => string;
  moveHere: string;
  moving: string;
  movedNotice: (when: string) => string;
  tooLateToChange: string;
  cancelBookingButton: string;
  cancelConfirmTitle: string;
  cancelReasonLabel: string;
  cancelReasonHelp: string;
  cancelConfirmButton: string;
  keepBooking: string;
  cancelling: string;
  cancelledNotice: string;
  cancelFailedTitle: string;
  feedHeading: string;
  feedIntro: string;
  feedCreate: string;
  feedReplace: string;
  feedReplaceHelp: string;
  feedRevoke: string;
  feedRevoked: string;
  feedCreated: string;
  feedUrlLabel: string;
  feedUrlHelp: string;
  copyAddress: string;
  copied: string;
  copyManually: string;
  feedCreatedAt: (when: string) => string;
  feedLastUsed: (when: string) => string;
  feedNeverUsed: string;

  staffAppointmentsTitle: string;
  staffAppointmentsLink: string;
  staffUnitLabel: string;
  staffNoUnits: string;
  viewLabel: string;
  viewDay: string;
  viewWeek: string;
  dateNavLabel: string;
  previousDay: string;
  nextDay: string;
  previousWeek: string;
  nextWeek: string;
  weekRange: (from: string, to: string) => string;
  appointmentsCount: (n: number) => string;
  noAppointmentsDay: string;
  noAppointmentsWeek: string;
  customerUnknown: string;
  markCheckedIn: string;
  markNoShow: string;
  attendanceMarked: (status: string, who: string, time: string) => string;

  staffScheduleTitle: string;
  staffScheduleLink: string;
  /** Staff: service requests (the queue and one request), in ./staffRequests.ts. */
  staffRequests: StaffRequestMessages;
  resourcesHeading: string;
  noResources: string;
  resourceKinds: Record<'DESK' | 'ROOM' | 'PERSON', string>;
  kindLabel: string;
  inUse: string;
  notInUse: string;
  weeklyScheduleCaption: (name: string) => string;
  weekdayColumn: string;
  workingHoursColumn: string;
  notWorking: string;
  breakNote: (range: string) => string;
  exceptionsHeading: (name: string) => string;
  noExceptions: string;
  openInstead: (hours: string) => string;
  appointmentTypesHeading: string;
  noAppointmentTypes: string;
  durationLabel: string;
  intervalLabel: string;
  seatsLabel: string;
  noticeLabel: string;
  horizonLabel: string;
  cancelDeadlineLabel: string;
  reminderLabel: string;
  noReminder: string;
  strongIdLabel: string;
  questionsLabel: string;
  activeLabel: string;
  minutes: (n: number) => string;
  hours: (n: number) => string;
  days: (n: number) => string;
  beforeStart: (duration: string) => string;
  weekHeading: (range: string) => string;
  weekNavLabel: string;
  thisWeek: string;
  daysCaption: string;
  publicHoliday: (name: string | null) => string;
  exceptionNote: (reason: string | null) => string;
  blockedNote: (range: string) => string;
  blocksHeading: string;
  blocksCaption: string;
  noBlocks: string;
  blocksCount: (n: number) => string;
  blockFormHeading: string;
  blockFormIntro: string;
  resourceLabel: string;
  dateLabel: string;
  startTimeLabel: string;
  endTimeLabel: string;
  timeHelp: string;
  blockReasonLabel: string;
  blockReasonHelp: string;
  blockButton: string;
  blocking: string;
  blockFailedTitle: string;
  errorResourceRequired: string;
  errorDateRequired: string;
  errorStartRequired: string;
  errorEndRequired: string;
  errorTimeStep: string;
  errorEndBeforeStart: string;
  errorBlockInPast: string;
  blockedNotice: (when: string) => string;
  unblockButton: string;
  unblockLabel: (when: string) => string;
  unblockConfirmTitle: (when: string) => string;
  unblockConfirmButton: string;
  keepBlock: string;
  unblocking: string;
  unblockedNotice: (when: string) => string;
  viewOnlyNote: string;

  notFoundTitle: string;
  notFoundBody: string;
  backToHome: string;
}

const fi: Messages = {
  appName: 'Asiointi',
  cityName: 'Helsinki',
  pageTitle: (screen) => `${screen} – Asiointi – Helsinki`,
  skipToContent: 'Siirry sisältöön',
  homeLink: 'etusivu',
  languageNav: 'Kieli',
  footerCity: 'Helsingin kaupunki',
  footerData: 'Tiedot: Helsingin kaupungin palvelukartta',

  loading: 'Ladataan…',
  errorTitle: 'Tietoja ei voitu hakea',
  errorBody: 'Palveluun ei juuri nyt saada yhteyttä. Yritä hetken kuluttua uudelleen.',
  errorOfflineBody: 'Olet offline-tilassa, eikä näitä tietoja ole tallennettu tälle laitteelle.',
  retry: 'Yritä uudelleen',
  offlineNotice: 'Olet offline-tilassa – näytetään tallennettuja tietoja.',
  loadMore: 'Näytä lisää',
  showingOf: (shown, total) => `Näytetään ${shown} / ${total}`,

  homeTitle: 'Kaupungin palvelut',
  homeIntro: 'Etsi Helsingin kaupungin palveluita ja toimipisteitä, niiden aukioloajat ja yhteystiedot.',
  searchLabel: 'Hae palvelua tai toimipistettä',
  searchButton: 'Hae',
  searchHelp: 'Esimerkiksi kirjasto, uimahalli tai terveysasema',
  categoriesHeading: 'Palvelut aiheittain',
  categoriesLoaded: (n) => (n === 1 ? '1 aihe ladattu' : `${n} aihetta ladattu`),
  noCategories: 'Palveluita ei ole saatavilla.',
  unitCount: (n) => (n === 1 ? '1 toimipiste' : `${n} toimipistettä`),

  searchTitle: 'Haku',
  searchFor: (q) => `Hakutulokset: ${q}`,
  searchEmptyQuery: 'Kirjoita hakusana, esimerkiksi palvelun tai toimipisteen nimi.',
  servicesHeading: 'Palvelut',
  unitsHeading: 'Toimipisteet',
  servicesFound: (n) => (n === 1 ? '1 palvelu' : `${n} palvelua`),
  unitsFound: (n) => (n === 1 ? '1 toimipiste' : `${n} toimipistettä`),
  noServicesFound: 'Hakusanalla ei löytynyt palveluita.',
  noUnitsFound: 'Hakusanalla ei löytynyt toimipisteitä.',
  searchAnnouncement: (s, u) =>
    `Löytyi ${s === 1 ? '1 palvelu' : `${s} palvelua`} ja ${u === 1 ? '1 toimipiste' : `${u} toimipistettä`}`,

  serviceFallbackTitle: 'Palvelu',
  serviceCategory: 'Aihe',
  serviceUnitsHeading: 'Missä palvelua saa',
  serviceNoUnits: 'Palvelua ei tarjota tällä hetkellä missään toimipisteessä.',
  nearestFirst: 'Lähimmät ensin',
  alphabetical: 'Aakkosjärjestykseen',
  locating: 'Haetaan sijaintia…',
  sortedByDistance: 'Toimipisteet on järjestetty etäisyyden mukaan, lähin ensin.',
  sortedByName: 'Toimipisteet on järjestetty aakkosjärjestykseen.',
  geoDenied: 'Sijaintia ei saatu, koska lupaa ei annettu. Toimipisteet näytetään aakkosjärjestyksessä.',
  geoUnavailable: 'Sijaintia ei saatu juuri nyt. Toimipisteet näytetään aakkosjärjestyksessä.',
  geoUnsupported: 'Laitteesi ei kerro sijaintia. Toimipisteet näytetään aakkosjärjestyksessä.',
  distanceAway: (d) => `${d} päässä`,

  unitFallbackTitle: 'Toimipiste',
  addressHeading: 'Osoite',
  showOnMap: 'Näytä kartalla (OpenStreetMap)',
  noAddress: 'Osoitetta ei ole saatavilla.',
  openingHoursHeading: 'Aukioloajat',
  today: 'Tänään',
  todayHours: (h) => `Tänään avoinna ${h}`,
  todayClosed: 'Tänään suljettu',
  closed: 'Suljettu',
  weekCaption: 'Aukioloajat seuraavina päivinä',
  dayColumn: 'Päivä',
  hoursColumn: 'Aukioloaika',
  noOpeningHours: 'Aukioloaikoja ei ole saatavilla.',
  unitServicesHeading: 'Palvelut',
  noUnitServices: 'Toimipisteen palveluita ei ole saatavilla.',
  contactHeading: 'Yhteystiedot',
  phone: 'Puhelin',
  email: 'Sähköposti',
  website: 'Verkkosivut',
  noContact: 'Yhteystietoja ei ole saatavilla.',
  accessibilityHeading: 'Esteettömyys',

  accountNav: 'Käyttäjätili',
  signInLink: 'Kirjaudu sisään',
  profileLinkSuffix: 'oma profiili',
  staffLink: 'Henkilökunnan työkalut',

  flashSignedIn: (name) => `Olet kirjautunut sisään käyttäjänä ${name}.`,
  flashSignedOut: 'Olet kirjautunut ulos.',
  flashAccountDeleted: 'Tilisi ja kaikki tietosi on poistettu.',
  errorSummaryTitle: 'Korjaa seuraavat kohdat',
  actionFailed: 'Toiminto ei juuri nyt onnistu. Yritä hetken kuluttua uudelleen.',
  actionOffline: 'Olet offline-tilassa. Tämä vaatii verkkoyhteyden.',
  cancel: 'Peruuta',

  signInTitle: 'Kirjaudu sisään',
  signInIntro: 'Kirjautumalla voit hallita omia tietojasi ja valita asiointikielesi.',
  emailLabel: 'Sähköpostiosoite',
  passwordLabel: 'Salasana',
  signInButton: 'Kirjaudu sisään',
  signingIn: 'Kirjaudutaan…',
  signInFailedTitle: 'Kirjautuminen ei onnistunut',
  errorEmailRequired: 'Kirjoita sähköpostiosoite.',
  errorEmailInvalid: 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
  errorPasswordRequired: 'Kirjoita salasana.',
  signInOffline: 'Olet offline-tilassa. Kirjautuminen vaatii verkkoyhteyden.',
  signInFailed: 'Kirjautuminen ei juuri nyt onnistu. Yritä hetken kuluttua uudelleen.',
  orDivider: 'tai',
  signInWithHelsinkiProfile: 'Kirjaudu Helsinki-profiililla',

  profileTitle: 'Oma profiili',
  detailsHeading: 'Tilin tiedot',
  emailHeading: 'Sähköpostiosoite',
  signsInWithLabel: 'Kirjautumistapa',
  signsInWithLocal: 'Sähköposti ja salasana',
  signsInWithOidc: 'Helsinki-profiili',
  noEmail: 'Ei sähköpostiosoitetta',
  preferencesHeading: 'Nimi ja kieli',
  nameLabel: 'Nimi',
  languageLegend: 'Asiointikieli',
  languageHelp: 'Asiointi näytetään tällä kielellä, kun kirjaudut sisään.',
  saveButton: 'Tallenna',
  saving: 'Tallennetaan…',
  saved: 'Tiedot on tallennettu.',
  saveFailedTitle: 'Tietoja ei tallennettu',
  errorNameRequired: 'Kirjoita nimi.',
  errorNameTooLong: 'Nimi voi olla enintään 200 merkkiä.',
  myDataHeading: 'Omat tietosi',
  myDataIntro: 'Voit ladata kaikki tiedot, jotka Asiointi on sinusta tallentanut, JSON-tiedostona.',
  downloadButton: 'Lataa omat tietoni (JSON)',
  preparingDownload: 'Tiedostoa valmistellaan…',
  downloaded: (file) => `Tiedosto ${file} on ladattu.`,
  signOutHeading: 'Uloskirjautuminen',
  signOutButton: 'Kirjaudu ulos',
  signingOut: 'Kirjaudutaan ulos…',
  deleteHeading: 'Tilin poistaminen',
  deleteIntro:
    'Kun poistat tilisi, kaikki sinusta tallennetut tiedot poistetaan pysyvästi, etkä voi enää kirjautua sillä sisään.',
  deleteButton: 'Poista tilini',
  checkingDelete: 'Tarkistetaan…',
  deleteBlockedTitle: 'Tiliä ei voi poistaa nyt',
  deleteConfirmTitle: 'Poistetaanko tilisi pysyvästi?',
  deleteConfirmBody: 'Poistoa ei voi perua. Sinut kirjataan ulos, ja kaikki tietosi poistetaan.',
  deleteConfirmButton: 'Kyllä, poista tilini',
  deleting: 'Poistetaan…',

  staffTitle: 'Henkilökunnan työkalut',
  staffForbiddenTitle: 'Ei käyttöoikeutta',
  staffForbiddenBody: 'Tämä sivu on vain kaupungin henkilökunnalle.',
  rolesHeading: 'Roolisi',
  roleNames: { ADMIN: 'Ylläpitäjä', HANDLER: 'Käsittelijä', VIEWER: 'Katselija' },
  scopeGlobal: 'Koko kaupunki',
  scopeKinds: { DEPARTMENT: 'Toimiala', UNIT: 'Toimipiste', SERVICE: 'Palvelu' },
  noRoles: 'Sinulla ei ole rooleja.',
  auditHeading: 'Tapahtumaloki',
  auditCaption: 'Viimeisimmät tapahtumat, uusin ensin',
  auditTime: 'Aika',
  auditAction: 'Tapahtuma',
  auditTarget: 'Kohde',
  auditEmpty: 'Tapahtumia ei ole vielä.',
  auditActions: { 'role.grant': 'Rooli myönnetty', 'role.revoke': 'Rooli poistettu', 'account.erase': 'Tili poistettu' },
  targetTypes: { user: 'Käyttäjä' },
  usersHeading: 'Käyttäjät',
  usersSearchLabel: 'Hae nimellä tai sähköpostiosoitteella',
  usersSearchRegion: 'Käyttäjähaku',
  usersEmpty: 'Käyttäjiä ei löytynyt.',
  usersFound: (n) => (n === 1 ? '1 käyttäjä' : `${n} käyttäjää`),
  userNoRoles: 'Ei rooleja',

  myAppointmentsLink: 'Omat ajat',
  myAppointmentsTitle: 'Omat ajat',
  appointmentFallbackTitle: 'Ajanvaraus',
  bookHeading: 'Ajanvaraus',
  bookIntro: (n) => (n === 1 ? 'Voit varata ajan verkossa.' : `Voit varata ajan verkossa ${n} toimipisteeseen.`),
  bookButton: 'Varaa aika',
  bookStepTitles: {
    place: 'Valitse toimipiste',
    day: 'Valitse päivä',
    time: 'Valitse aika',
    questions: 'Kerro asiastasi',
    review: 'Tarkista ja vahvista varaus',
    done: 'Aika on varattu',
  },
  stepOf: (step, total) => `vaihe ${step}/${total}`,
  back: 'Takaisin',
  backToService: 'Takaisin palvelun sivulle',
  notBookableOnline: 'Tätä palvelua ei voi varata verkossa.',
  placeFilterLabel: 'Hae toimipistettä nimellä',
  noPlacesMatch: 'Hakuasi vastaavaa toimipistettä ei löytynyt.',
  loadingFreeTimes: 'Haetaan vapaita aikoja…',
  previousMonth: 'Edellinen kuukausi',
  nextMonth: 'Seuraava kuukausi',
  dayListHelp: 'Näytetään vain päivät, joilla on vapaita aikoja. Voit liikkua päivien välillä nuolinäppäimillä.',
  freeDays: (n) =>
    n === 0 ? 'ei vapaita aikoja' : n === 1 ? '1 päivä, jolla on vapaita aikoja' : `${n} päivää, joilla on vapaita aikoja`,
  freeTimes: (n) => (n === 1 ? '1 vapaa aika' : `${n} vapaata aikaa`),
  freeTimesOn: (day, n) => `${day}: ${n === 1 ? '1 vapaa aika' : `${n} vapaata aikaa`}`,
  freeTimesLegend: (day) => `Vapaat ajat: ${day}`,
  noFreeDaysInMonth: (month) => `${month}: ei vapaita aikoja. Katso seuraava kuukausi.`,
  noFreeDaysAtAll: 'Vapaita aikoja ei juuri nyt ole. Katso myöhemmin uudelleen tai ota yhteyttä toimipisteeseen.',
  noFreeTimesLeft: 'Tälle päivälle ei ole enää vapaita aikoja.',
  durationNote: (m) => `Aika kestää ${m} minuuttia.`,
  seatsLeft: (n) => (n === 1 ? '(1 paikka)' : `(${n} paikkaa)`),
  continueButton: 'Jatka',
  holdingTime: 'Varataan aikaa…',
  errorChooseTime: 'Valitse aika.',
  slotTakenTitle: 'Aika ehdittiin varata',
  findingAlternatives: 'Haetaan lähimpiä vapaita aikoja…',
  nearestAlternatives: 'Lähimmät vapaat ajat:',
  noAlternatives: 'Lähipäivinä ei ole vapaita aikoja.',
  chooseAnotherDay: 'Valitse toinen päivä',
  holdExpiredTitle: 'Aika vapautui',
  heldUntil: (time) => `Aika on varattu sinulle klo ${time} asti. Vahvista varaus sitä ennen.`,
  optional: 'vapaaehtoinen',
  errorAnswerRequired: (label) => `Vastaa kysymykseen: ${label}`,
  errorAnswerNumber: (label) => `Kirjoita numero: ${label}`,
  yes: 'Kyllä',
  no: 'Ei',
  summaryService: 'Palvelu',
  summaryDate: 'Päivä',
  summaryTime: 'Kellonaika',
  summaryPlace: 'Paikka',
  change: 'Muuta',
  dateAtTime: (date, time) => `${date} klo ${time}`,
  cancelRule: (m) =>
    m <= 0
      ? 'Voit perua tai siirtää ajan verkossa sen alkuun asti.'
      : m % 60 === 0
        ? `Voit perua tai siirtää ajan verkossa viimeistään ${m / 60 === 1 ? 'tuntia' : `${m / 60} tuntia`} ennen sen alkua.`
        : `Voit perua tai siirtää ajan verkossa viimeistään ${m} minuuttia ennen sen alkua.`,
  confirmBooking: 'Vahvista varaus',
  confirming: 'Vahvistetaan…',
  bookingFailedTitle: 'Varausta ei vahvistettu',
  bookedNotice: 'Varaus on vahvistettu',
  bookedAnnouncement: 'Aika on varattu.',
  viewBooking: 'Varauksen tiedot',
  alreadyBooked: 'Olet jo varannut tämän ajan.',
  bookAnother: 'Varaa toinen aika',
  addToCalendar: 'Lisää kalenteriin (.ics)',
  directions: 'Reittiohjeet (HSL Reittiopas)',
  callUnit: (phone) => `Soita toimipisteeseen: ${phone}`,

  upcomingHeading: 'Tulevat',
  pastHeading: 'Menneet',
  upcomingCount: (n) => (n === 0 ? 'Ei tulevia aikoja' : n === 1 ? '1 tuleva aika' : `${n} tulevaa aikaa`),
  noUpcoming: 'Sinulla ei ole tulevia aikoja. Voit varata ajan palvelun sivulta.',
  noPast: 'Ei menneitä aikoja.',
  statusLabel: 'Tila',
  bookingStatus: {
    HELD: 'Odottaa vahvistusta',
    CONFIRMED: 'Varattu',
    CANCELLED: 'Peruttu',
    NO_SHOW: 'Ei saapunut',
    CHECKED_IN: 'Saapunut',
    EXPIRED: 'Vanhentunut',
  },
  changeHeading: 'Muuta tai peru',
  rescheduleButton: 'Vaihda aika',
  changeTimeCaption: (type) => `Ajan vaihto – ${type}`,
  currentTime: (when) => `Nykyinen aikasi: ${when}`,
  moveHere: 'Vaihda tähän aikaan',
  moving: 'Vaihdetaan…',
  movedNotice: (when) => `Aika on vaihdettu: ${when}.`,
  tooLateToChange: 'Aikaa ei voi enää perua tai siirtää verkossa. Ota yhteyttä toimipisteeseen.',
  cancelBookingButton: 'Peru aika',
  cancelConfirmTitle: 'Perutaanko aika?',
  cancelReasonLabel: 'Peruutuksen syy',
  cancelReasonHelp: 'Syy auttaa toimipistettä. Enintään 500 merkkiä.',
  cancelConfirmButton: 'Kyllä, peru aika',
  keepBooking: 'Älä peru',
  cancelling: 'Perutaan…',
  cancelledNotice: 'Aika on peruttu.',
  cancelFailedTitle: 'Aikaa ei peruttu',
  feedHeading: 'Ajat omaan kalenteriin',
  feedIntro:
    'Tilaa ajanvarauksesi kalenterisovellukseen salaisella osoitteella. Kalenteri päivittyy itsestään, kun varaat, siirrät tai perut aikoja.',
  feedCreate: 'Luo tilausosoite',
  feedReplace: 'Luo uusi osoite',
  feedReplaceHelp: 'Uusi osoite korvaa vanhan, joka lakkaa toimimasta heti.',
  feedRevoke: 'Poista osoite käytöstä',
  feedRevoked: 'Tilausosoite on poistettu käytöstä.',
  feedCreated: 'Tilausosoite on luotu.',
  feedUrlLabel: 'Tilausosoite',
  feedUrlHelp: 'Osoite näytetään vain nyt. Pidä se omana tietonasi: sillä näkee aikasi.',
  copyAddress: 'Kopioi osoite',
  copied: 'Osoite on kopioitu.',
  copyManually: 'Kopioi osoite kentästä.',
  feedCreatedAt: (when) => `Tilausosoite luotu ${when}.`,
  feedLastUsed: (when) => `Kalenteri haki ajat viimeksi ${when}.`,
  feedNeverUsed: 'Kalenteri ei ole vielä hakenut aikoja.',

  staffAppointmentsTitle: 'Ajanvaraukset',
  staffAppointmentsLink: 'Toimipisteen ajanvaraukset',
  staffUnitLabel: 'Toimipiste',
  staffNoUnits: 'Sinulla ei ole toimipisteeseen liittyvää roolia.',
  viewLabel: 'Näkymä',
  viewDay: 'Päivä',
  viewWeek: 'Viikko',
  dateNavLabel: 'Päivän valinta',
  previousDay: 'Edellinen päivä',
  nextDay: 'Seuraava päivä',
  previousWeek: 'Edellinen viikko',
  nextWeek: 'Seuraava viikko',
  weekRange: (from, to) => `${from} – ${to}`,
  appointmentsCount: (n) => (n === 1 ? '1 ajanvaraus' : `${n} ajanvarausta`),
  noAppointmentsDay: 'Tälle päivälle ei ole ajanvarauksia.',
  noAppointmentsWeek: 'Tälle viikolle ei ole ajanvarauksia.',
  customerUnknown: 'Asiakas',
  markCheckedIn: 'Saapunut',
  markNoShow: 'Ei saapunut',
  attendanceMarked: (status, who, time) => `${who}, klo ${time}: ${status}.`,

  staffScheduleTitle: 'Työajat ja estetyt ajat',
  staffScheduleLink: 'Työajat ja estetyt ajat',
  staffRequests: STAFF_REQUEST_MESSAGES.fi,
  resourcesHeading: 'Resurssit',
  noResources: 'Toimipisteellä ei ole resursseja.',
  resourceKinds: { DESK: 'Asiointipiste', ROOM: 'Tila', PERSON: 'Henkilö' },
  kindLabel: 'Tyyppi',
  inUse: 'Käytössä',
  notInUse: 'Ei käytössä',
  weeklyScheduleCaption: (name) => `Viikkoaikataulu: ${name}`,
  weekdayColumn: 'Viikonpäivä',
  workingHoursColumn: 'Työaika',
  notWorking: 'Ei työaikaa',
  breakNote: (range) => `Tauko ${range}`,
  exceptionsHeading: (name) => `Tulevat poikkeukset: ${name}`,
  noExceptions: 'Ei tulevia poikkeuksia.',
  openInstead: (hours) => `Auki poikkeavasti ${hours}`,
  appointmentTypesHeading: 'Ajanvaraustyypit',
  noAppointmentTypes: 'Toimipisteellä ei ole ajanvaraustyyppejä.',
  durationLabel: 'Kesto',
  intervalLabel: 'Aikojen väli',
  seatsLabel: 'Paikkoja yhdessä ajassa',
  noticeLabel: 'Varattava viimeistään',
  horizonLabel: 'Varattavissa etukäteen',
  cancelDeadlineLabel: 'Peruttava viimeistään',
  reminderLabel: 'Muistutus',
  noReminder: 'Ei muistutusta',
  strongIdLabel: 'Vahva tunnistautuminen',
  questionsLabel: 'Kysymyksiä',
  activeLabel: 'Käytössä',
  minutes: (n) => `${n} min`,
  hours: (n) => (n === 1 ? '1 tunti' : `${n} tuntia`),
  days: (n) => (n === 1 ? '1 päivä' : `${n} päivää`),
  beforeStart: (duration) => `${duration} ennen alkua`,
  weekHeading: (range) => `Viikko ${range}`,
  weekNavLabel: 'Viikon valinta',
  thisWeek: 'Tämä viikko',
  daysCaption: 'Työajat päivittäin',
  publicHoliday: (name) => (name ? `Juhlapyhä: ${name}` : 'Juhlapyhä'),
  exceptionNote: (reason) => (reason ? `Poikkeus: ${reason}` : 'Poikkeus'),
  blockedNote: (range) => `Estetty ${range}`,
  blocksHeading: 'Estetyt ajat',
  blocksCaption: 'Estetyt ajat tällä viikolla',
  noBlocks: 'Tällä viikolla ei ole estettyjä aikoja.',
  blocksCount: (n) => (n === 1 ? '1 estetty aika' : `${n} estettyä aikaa`),
  blockFormHeading: 'Estä aika',
  blockFormIntro: 'Estetty aika poistuu varattavista ajoista. Ajat ovat Helsingin aikaa.',
  resourceLabel: 'Resurssi',
  dateLabel: 'Päivä',
  startTimeLabel: 'Alkaa klo',
  endTimeLabel: 'Päättyy klo',
  timeHelp: '5 minuutin välein, esimerkiksi 12.00',
  blockReasonLabel: 'Syy',
  blockReasonHelp: 'Näkyy vain henkilökunnalle. Enintään 500 merkkiä.',
  blockButton: 'Estä aika',
  blocking: 'Estetään…',
  blockFailedTitle: 'Aikaa ei estetty',
  errorResourceRequired: 'Valitse resurssi.',
  errorDateRequired: 'Anna päivä.',
  errorStartRequired: 'Anna alkamisaika.',
  errorEndRequired: 'Anna päättymisaika.',
  errorTimeStep: 'Anna aika 5 minuutin välein.',
  errorEndBeforeStart: 'Päättymisajan on oltava alkamisajan jälkeen.',
  errorBlockInPast: 'Mennyttä aikaa ei voi estää.',
  blockedNotice: (when) => `Aika on estetty: ${when}.`,
  unblockButton: 'Poista esto',
  unblockLabel: (when) => `Poista esto: ${when}`,
  unblockConfirmTitle: (when) => `Poistetaanko esto ${when}?`,
  unblockConfirmButton: 'Kyllä, poista esto',
  keepBlock: 'Älä poista',
  unblocking: 'Poistetaan…',
  unblockedNotice: (when) => `Esto on poistettu: ${when}. Aika on taas varattavissa.`,
  viewOnlyNote: 'Voit katsoa tietoja. Aikojen estäminen vaatii käsittelijän tai ylläpitäjän roolin.',

  notFoundTitle: 'Sivua ei löytynyt',
  notFoundBody: 'Hakemaasi sivua ei ole olemassa tai se on poistettu.',
  backToHome: 'Etusivulle',
};

const sv: Messages = {
  appName: 'Asiointi',
  cityName: 'Helsingfors',
  pageTitle: (screen) => `${screen} – Asiointi – Helsingfors`,
  skipToContent: 'Gå till innehållet',
  homeLink: 'startsidan',
  languageNav: 'Språk',
  footerCity: 'Helsingfors stad',
  footerData: 'Uppgifter: Helsingfors stads servicekarta',

  loading: 'Laddar…',
  errorTitle: 'Informationen kunde inte hämtas',
  errorBody: 'Tjänsten kan inte nås just nu. Försök igen om en stund.',
  errorOfflineBody: 'Du är offline och den här informationen har inte sparats på enheten.',
  retry: 'Försök igen',
  offlineNotice: 'Du är offline – sparad information visas.',
  loadMore: 'Visa fler',
  showingOf: (shown, total) => `Visar ${shown} av ${total}`,

  homeTitle: 'Stadens tjänster',
  homeIntro: 'Sök Helsingfors stads tjänster och verksamhetsställen, deras öppettider och kontaktuppgifter.',
  searchLabel: 'Sök tjänst eller verksamhetsställe',
  searchButton: 'Sök',
  searchHelp: 'Till exempel bibliotek, simhall eller hälsostation',
  categoriesHeading: 'Tjänster efter ämne',
  categoriesLoaded: (n) => (n === 1 ? '1 ämne har laddats' : `${n} ämnen har laddats`),
  noCategories: 'Inga tjänster finns tillgängliga.',
  unitCount: (n) => (n === 1 ? '1 verksamhetsställe' : `${n} verksamhetsställen`),

  searchTitle: 'Sök',
  searchFor: (q) => `Sökresultat: ${q}`,
  searchEmptyQuery: 'Skriv ett sökord, till exempel namnet på en tjänst eller ett verksamhetsställe.',
  servicesHeading: 'Tjänster',
  unitsHeading: 'Verksamhetsställen',
  servicesFound: (n) => (n === 1 ? '1 tjänst' : `${n} tjänster`),
  unitsFound: (n) => (n === 1 ? '1 verksamhetsställe' : `${n} verksamhetsställen`),
  noServicesFound: 'Sökningen gav inga tjänster.',
  noUnitsFound: 'Sökningen gav inga verksamhetsställen.',
  searchAnnouncement: (s, u) =>
    `Hittade ${s === 1 ? '1 tjänst' : `${s} tjänster`} och ${u === 1 ? '1 verksamhetsställe' : `${u} verksamhetsställen`}`,

  serviceFallbackTitle: 'Tjänst',
  serviceCategory: 'Ämne',
  serviceUnitsHeading: 'Var tjänsten finns',
  serviceNoUnits: 'Tjänsten erbjuds för närvarande inte på något verksamhetsställe.',
  nearestFirst: 'Närmaste först',
  alphabetical: 'I alfabetisk ordning',
  locating: 'Söker position…',
  sortedByDistance: 'Verksamhetsställena är sorterade efter avstånd, närmaste först.',
  sortedByName: 'Verksamhetsställena är sorterade i alfabetisk ordning.',
  geoDenied: 'Positionen kunde inte fås eftersom tillstånd inte gavs. Verksamhetsställena visas i alfabetisk ordning.',
  geoUnavailable: 'Positionen kunde inte fås just nu. Verksamhetsställena visas i alfabetisk ordning.',
  geoUnsupported: 'Din enhet uppger inte sin position. Verksamhetsställena visas i alfabetisk ordning.',
  distanceAway: (d) => `${d} bort`,

  unitFallbackTitle: 'Verksamhetsställe',
  addressHeading: 'Adress',
  showOnMap: 'Visa på kartan (OpenStreetMap)',
  noAddress: 'Adressen är inte tillgänglig.',
  openingHoursHeading: 'Öppettider',
  today: 'I dag',
  todayHours: (h) => `I dag öppet ${h}`,
  todayClosed: 'I dag stängt',
  closed: 'Stängt',
  weekCaption: 'Öppettider de kommande dagarna',
  dayColumn: 'Dag',
  hoursColumn: 'Öppettid',
  noOpeningHours: 'Öppettiderna är inte tillgängliga.',
  unitServicesHeading: 'Tjänster',
  noUnitServices: 'Verksamhetsställets tjänster är inte tillgängliga.',
  contactHeading: 'Kontaktuppgifter',
  phone: 'Telefon',
  email: 'E-post',
  website: 'Webbplats',
  noContact: 'Kontaktuppgifterna är inte tillgängliga.',
  accessibilityHeading: 'Tillgänglighet',

  accountNav: 'Användarkonto',
  signInLink: 'Logga in',
  profileLinkSuffix: 'min profil',
  staffLink: 'Personalens verktyg',

  flashSignedIn: (name) => `Du är inloggad som ${name}.`,
  flashSignedOut: 'Du har loggat ut.',
  flashAccountDeleted: 'Ditt konto och alla dina uppgifter har raderats.',
  errorSummaryTitle: 'Rätta till följande',
  actionFailed: 'Det går inte att göra det här just nu. Försök igen om en stund.',
  actionOffline: 'Du är offline. Det här kräver en nätverksanslutning.',
  cancel: 'Avbryt',

  signInTitle: 'Logga in',
  signInIntro: 'När du loggar in kan du hantera dina uppgifter och välja ditt kontaktspråk.',
  emailLabel: 'E-postadress',
  passwordLabel: 'Lösenord',
  signInButton: 'Logga in',
  signingIn: 'Loggar in…',
  signInFailedTitle: 'Inloggningen misslyckades',
  errorEmailRequired: 'Skriv din e-postadress.',
  errorEmailInvalid: 'Skriv e-postadressen i formen namn@exempel.fi.',
  errorPasswordRequired: 'Skriv ditt lösenord.',
  signInOffline: 'Du är offline. Inloggningen kräver en nätverksanslutning.',
  signInFailed: 'Det går inte att logga in just nu. Försök igen om en stund.',
  orDivider: 'eller',
  signInWithHelsinkiProfile: 'Logga in med Helsingforsprofilen',

  profileTitle: 'Min profil',
  detailsHeading: 'Kontouppgifter',
  emailHeading: 'E-postadress',
  signsInWithLabel: 'Inloggningssätt',
  signsInWithLocal: 'E-post och lösenord',
  signsInWithOidc: 'Helsingforsprofilen',
  noEmail: 'Ingen e-postadress',
  preferencesHeading: 'Namn och språk',
  nameLabel: 'Namn',
  languageLegend: 'Kontaktspråk',
  languageHelp: 'Asiointi visas på det här språket när du loggar in.',
  saveButton: 'Spara',
  saving: 'Sparar…',
  saved: 'Uppgifterna har sparats.',
  saveFailedTitle: 'Uppgifterna sparades inte',
  errorNameRequired: 'Skriv ditt namn.',
  errorNameTooLong: 'Namnet får vara högst 200 tecken.',
  myDataHeading: 'Dina uppgifter',
  myDataIntro: 'Du kan ladda ner alla uppgifter som Asiointi har sparat om dig som en JSON-fil.',
  downloadButton: 'Ladda ner mina uppgifter (JSON)',
  preparingDownload: 'Filen förbereds…',
  downloaded: (file) => `Filen ${file} har laddats ner.`,
  signOutHeading: 'Utloggning',
  signOutButton: 'Logga ut',
  signingOut: 'Loggar ut…',
  deleteHeading: 'Radera kontot',
  deleteIntro:
    'När du raderar ditt konto raderas alla uppgifter som sparats om dig permanent, och du kan inte längre logga in med kontot.',
  deleteButton: 'Radera mitt konto',
  checkingDelete: 'Kontrollerar…',
  deleteBlockedTitle: 'Kontot kan inte raderas nu',
  deleteConfirmTitle: 'Vill du radera ditt konto permanent?',
  deleteConfirmBody: 'Raderingen kan inte ångras. Du loggas ut och alla dina uppgifter raderas.',
  deleteConfirmButton: 'Ja, radera mitt konto',
  deleting: 'Raderar…',

  staffTitle: 'Personalens verktyg',
  staffForbiddenTitle: 'Ingen behörighet',
  staffForbiddenBody: 'Den här sidan är endast avsedd för stadens personal.',
  rolesHeading: 'Dina roller',
  roleNames: { ADMIN: 'Administratör', HANDLER: 'Handläggare', VIEWER: 'Läsare' },
  scopeGlobal: 'Hela staden',
  scopeKinds: { DEPARTMENT: 'Sektor', UNIT: 'Verksamhetsställe', SERVICE: 'Tjänst' },
  noRoles: 'Du har inga roller.',
  auditHeading: 'Händelselogg',
  auditCaption: 'De senaste händelserna, nyaste först',
  auditTime: 'Tid',
  auditAction: 'Händelse',
  auditTarget: 'Objekt',
  auditEmpty: 'Inga händelser ännu.',
  auditActions: { 'role.grant': 'Roll beviljad', 'role.revoke': 'Roll återkallad', 'account.erase': 'Konto raderat' },
  targetTypes: { user: 'Användare' },
  usersHeading: 'Användare',
  usersSearchLabel: 'Sök med namn eller e-postadress',
  usersSearchRegion: 'Sök användare',
  usersEmpty: 'Inga användare hittades.',
  usersFound: (n) => (n === 1 ? '1 användare' : `${n} användare`),
  userNoRoles: 'Inga roller',

  myAppointmentsLink: 'Mina tider',
  myAppointmentsTitle: 'Mina tider',
  appointmentFallbackTitle: 'Bokning',
  bookHeading: 'Tidsbokning',
  bookIntro: (n) => (n === 1 ? 'Du kan boka tid på nätet.' : `Du kan boka tid på nätet till ${n} verksamhetsställen.`),
  bookButton: 'Boka tid',
  bookStepTitles: {
    place: 'Välj verksamhetsställe',
    day: 'Välj dag',
    time: 'Välj tid',
    questions: 'Berätta om ditt ärende',
    review: 'Kontrollera och bekräfta bokningen',
    done: 'Tiden är bokad',
  },
  stepOf: (step, total) => `steg ${step} av ${total}`,
  back: 'Tillbaka',
  backToService: 'Tillbaka till tjänstens sida',
  notBookableOnline: 'Den här tjänsten kan inte bokas på nätet.',
  placeFilterLabel: 'Sök verksamhetsställe med namn',
  noPlacesMatch: 'Inget verksamhetsställe matchar din sökning.',
  loadingFreeTimes: 'Söker lediga tider…',
  previousMonth: 'Föregående månad',
  nextMonth: 'Nästa månad',
  dayListHelp: 'Endast dagar med lediga tider visas. Du kan flytta mellan dagarna med piltangenterna.',
  freeDays: (n) => (n === 0 ? 'inga lediga tider' : n === 1 ? '1 dag med lediga tider' : `${n} dagar med lediga tider`),
  freeTimes: (n) => (n === 1 ? '1 ledig tid' : `${n} lediga tider`),
  freeTimesOn: (day, n) => `${day}: ${n === 1 ? '1 ledig tid' : `${n} lediga tider`}`,
  freeTimesLegend: (day) => `Lediga tider: ${day}`,
  noFreeDaysInMonth: (month) => `${month}: inga lediga tider. Se nästa månad.`,
  noFreeDaysAtAll: 'Det finns inga lediga tider just nu. Titta igen senare eller kontakta verksamhetsstället.',
  noFreeTimesLeft: 'Det finns inga lediga tider kvar den här dagen.',
  durationNote: (m) => `Tiden varar ${m} minuter.`,
  seatsLeft: (n) => (n === 1 ? '(1 plats)' : `(${n} platser)`),
  continueButton: 'Fortsätt',
  holdingTime: 'Reserverar tiden…',
  errorChooseTime: 'Välj en tid.',
  slotTakenTitle: 'Tiden hann bokas',
  findingAlternatives: 'Söker de närmaste lediga tiderna…',
  nearestAlternatives: 'De närmaste lediga tiderna:',
  noAlternatives: 'Det finns inga lediga tider de närmaste dagarna.',
  chooseAnotherDay: 'Välj en annan dag',
  holdExpiredTitle: 'Tiden frigjordes',
  heldUntil: (time) => `Tiden är reserverad för dig till kl. ${time}. Bekräfta bokningen före det.`,
  optional: 'frivillig',
  errorAnswerRequired: (label) => `Svara på frågan: ${label}`,
  errorAnswerNumber: (label) => `Skriv ett tal: ${label}`,
  yes: 'Ja',
  no: 'Nej',
  summaryService: 'Tjänst',
  summaryDate: 'Dag',
  summaryTime: 'Klockslag',
  summaryPlace: 'Plats',
  change: 'Ändra',
  dateAtTime: (date, time) => `${date} kl. ${time}`,
  cancelRule: (m) =>
    m <= 0
      ? 'Du kan avboka eller flytta tiden på nätet ända tills den börjar.'
      : m % 60 === 0
        ? `Du kan avboka eller flytta tiden på nätet senast ${m / 60 === 1 ? 'en timme' : `${m / 60} timmar`} innan den börjar.`
        : `Du kan avboka eller flytta tiden på nätet senast ${m} minuter innan den börjar.`,
  confirmBooking: 'Bekräfta bokningen',
  confirming: 'Bekräftar…',
  bookingFailedTitle: 'Bokningen bekräftades inte',
  bookedNotice: 'Bokningen är bekräftad',
  bookedAnnouncement: 'Tiden är bokad.',
  viewBooking: 'Bokningens uppgifter',
  alreadyBooked: 'Du har redan bokat den här tiden.',
  bookAnother: 'Boka en annan tid',
  addToCalendar: 'Lägg till i kalendern (.ics)',
  directions: 'Vägbeskrivning (HRT Reseplaneraren)',
  callUnit: (phone) => `Ring verksamhetsstället: ${phone}`,

  upcomingHeading: 'Kommande',
  pastHeading: 'Tidigare',
  upcomingCount: (n) => (n === 0 ? 'Inga kommande tider' : n === 1 ? '1 kommande tid' : `${n} kommande tider`),
  noUpcoming: 'Du har inga kommande tider. Du kan boka tid på en tjänsts sida.',
  noPast: 'Inga tidigare tider.',
  statusLabel: 'Status',
  bookingStatus: {
    HELD: 'Väntar på bekräftelse',
    CONFIRMED: 'Bokad',
    CANCELLED: 'Avbokad',
    NO_SHOW: 'Kom inte',
    CHECKED_IN: 'Anlänt',
    EXPIRED: 'Utgången',
  },
  changeHeading: 'Ändra eller avboka',
  rescheduleButton: 'Byt tid',
  changeTimeCaption: (type) => `Byte av tid – ${type}`,
  currentTime: (when) => `Din nuvarande tid: ${when}`,
  moveHere: 'Byt till den här tiden',
  moving: 'Byter…',
  movedNotice: (when) => `Tiden har bytts: ${when}.`,
  tooLateToChange: 'Tiden kan inte längre avbokas eller flyttas på nätet. Kontakta verksamhetsstället.',
  cancelBookingButton: 'Avboka tiden',
  cancelConfirmTitle: 'Vill du avboka tiden?',
  cancelReasonLabel: 'Orsak till avbokningen',
  cancelReasonHelp: 'Orsaken hjälper verksamhetsstället. Högst 500 tecken.',
  cancelConfirmButton: 'Ja, avboka tiden',
  keepBooking: 'Avboka inte',
  cancelling: 'Avbokar…',
  cancelledNotice: 'Tiden har avbokats.',
  cancelFailedTitle: 'Tiden avbokades inte',
  feedHeading: 'Tiderna i din egen kalender',
  feedIntro:
    'Prenumerera på dina bokningar i en kalenderapp med en hemlig adress. Kalendern uppdateras av sig själv när du bokar, flyttar eller avbokar tider.',
  feedCreate: 'Skapa en prenumerationsadress',
  feedReplace: 'Skapa en ny adress',
  feedReplaceHelp: 'En ny adress ersätter den gamla, som slutar fungera genast.',
  feedRevoke: 'Inaktivera adressen',
  feedRevoked: 'Prenumerationsadressen har inaktiverats.',
  feedCreated: 'Prenumerationsadressen har skapats.',
  feedUrlLabel: 'Prenumerationsadress',
  feedUrlHelp: 'Adressen visas bara nu. Håll den för dig själv: med den kan man se dina tider.',
  copyAddress: 'Kopiera adressen',
  copied: 'Adressen har kopierats.',
  copyManually: 'Kopiera adressen från fältet.',
  feedCreatedAt: (when) => `Prenumerationsadressen skapades ${when}.`,
  feedLastUsed: (when) => `En kalender hämtade tiderna senast ${when}.`,
  feedNeverUsed: 'Ingen kalender har hämtat tiderna ännu.',

  staffAppointmentsTitle: 'Bokningar',
  staffAppointmentsLink: 'Verksamhetsställets bokningar',
  staffUnitLabel: 'Verksamhetsställe',
  staffNoUnits: 'Du har ingen roll vid ett verksamhetsställe.',
  viewLabel: 'Vy',
  viewDay: 'Dag',
  viewWeek: 'Vecka',
  dateNavLabel: 'Val av datum',
  previousDay: 'Föregående dag',
  nextDay: 'Nästa dag',
  previousWeek: 'Föregående vecka',
  nextWeek: 'Nästa vecka',
  weekRange: (from, to) => `${from} – ${to}`,
  appointmentsCount: (n) => (n === 1 ? '1 bokning' : `${n} bokningar`),
  noAppointmentsDay: 'Inga bokningar den här dagen.',
  noAppointmentsWeek: 'Inga bokningar den här veckan.',
  customerUnknown: 'Kund',
  markCheckedIn: 'Anlänt',
  markNoShow: 'Kom inte',
  attendanceMarked: (status, who, time) => `${who}, kl. ${time}: ${status}.`,

  staffScheduleTitle: 'Arbetstider och spärrade tider',
  staffScheduleLink: 'Arbetstider och spärrade tider',
  staffRequests: STAFF_REQUEST_MESSAGES.sv,
  resourcesHeading: 'Resurser',
  noResources: 'Verksamhetsstället har inga resurser.',
  resourceKinds: { DESK: 'Kundtjänstpunkt', ROOM: 'Rum', PERSON: 'Person' },
  kindLabel: 'Typ',
  inUse: 'I bruk',
  notInUse: 'Inte i bruk',
  weeklyScheduleCaption: (name) => `Veckoschema: ${name}`,
  weekdayColumn: 'Veckodag',
  workingHoursColumn: 'Arbetstid',
  notWorking: 'Ingen arbetstid',
  breakNote: (range) => `Paus ${range}`,
  exceptionsHeading: (name) => `Kommande undantag: ${name}`,
  noExceptions: 'Inga kommande undantag.',
  openInstead: (hours) => `Avvikande öppet ${hours}`,
  appointmentTypesHeading: 'Bokningstyper',
  noAppointmentTypes: 'Verksamhetsstället har inga bokningstyper.',
  durationLabel: 'Längd',
  intervalLabel: 'Intervall mellan tider',
  seatsLabel: 'Platser per tid',
  noticeLabel: 'Bokas senast',
  horizonLabel: 'Kan bokas i förväg',
  cancelDeadlineLabel: 'Avbokas senast',
  reminderLabel: 'Påminnelse',
  noReminder: 'Ingen påminnelse',
  strongIdLabel: 'Stark autentisering',
  questionsLabel: 'Frågor',
  activeLabel: 'I bruk',
  minutes: (n) => `${n} min`,
  hours: (n) => (n === 1 ? '1 timme' : `${n} timmar`),
  days: (n) => (n === 1 ? '1 dag' : `${n} dagar`),
  beforeStart: (duration) => `${duration} före början`,
  weekHeading: (range) => `Vecka ${range}`,
  weekNavLabel: 'Val av vecka',
  thisWeek: 'Denna vecka',
  daysCaption: 'Arbetstider per dag',
  publicHoliday: (name) => (name ? `Helgdag: ${name}` : 'Helgdag'),
  exceptionNote: (reason) => (reason ? `Undantag: ${reason}` : 'Undantag'),
  blockedNote: (range) => `Spärrad ${range}`,
  blocksHeading: 'Spärrade tider',
  blocksCaption: 'Spärrade tider den här veckan',
  noBlocks: 'Inga spärrade tider den här veckan.',
  blocksCount: (n) => (n === 1 ? '1 spärrad tid' : `${n} spärrade tider`),
  blockFormHeading: 'Spärra tid',
  blockFormIntro: 'Spärrad tid tas bort från de bokningsbara tiderna. Tiderna anges i Helsingforstid.',
  resourceLabel: 'Resurs',
  dateLabel: 'Datum',
  startTimeLabel: 'Börjar kl.',
  endTimeLabel: 'Slutar kl.',
  timeHelp: 'Med 5 minuters intervall, till exempel 12.00',
  blockReasonLabel: 'Orsak',
  blockReasonHelp: 'Syns bara för personalen. Högst 500 tecken.',
  blockButton: 'Spärra tiden',
  blocking: 'Spärrar…',
  blockFailedTitle: 'Tiden spärrades inte',
  errorResourceRequired: 'Välj en resurs.',
  errorDateRequired: 'Ange ett datum.',
  errorStartRequired: 'Ange starttiden.',
  errorEndRequired: 'Ange sluttiden.',
  errorTimeStep: 'Ange tiden med 5 minuters intervall.',
  errorEndBeforeStart: 'Sluttiden ska vara efter starttiden.',
  errorBlockInPast: 'Tid som redan har passerat kan inte spärras.',
  blockedNotice: (when) => `Tiden är spärrad: ${when}.`,
  unblockButton: 'Ta bort spärren',
  unblockLabel: (when) => `Ta bort spärren: ${when}`,
  unblockConfirmTitle: (when) => `Ta bort spärren ${when}?`,
  unblockConfirmButton: 'Ja, ta bort spärren',
  keepBlock: 'Behåll spärren',
  unblocking: 'Tar bort…',
  unblockedNotice: (when) => `Spärren är borttagen: ${when}. Tiden kan bokas igen.`,
  viewOnlyNote: 'Du kan se uppgifterna. För att spärra tider behövs rollen handläggare eller administratör.',

  notFoundTitle: 'Sidan hittades inte',
  notFoundBody: 'Sidan du söker finns inte eller har tagits bort.',
  backToHome: 'Till startsidan',
};

const en: Messages = {
  appName: 'Asiointi',
  cityName: 'Helsinki',
  pageTitle: (screen) => `${screen} – Asiointi – Helsinki`,
  skipToContent: 'Skip to content',
  homeLink: 'front page',
  languageNav: 'Language',
  footerCity: 'City of Helsinki',
  footerData: 'Data: City of Helsinki Service Map',

  loading: 'Loading…',
  errorTitle: 'Could not load the information',
  errorBody: 'The service cannot be reached right now. Please try again in a moment.',
  errorOfflineBody: 'You are offline and this information has not been saved on this device.',
  retry: 'Try again',
  offlineNotice: 'You are offline – showing saved information.',
  loadMore: 'Load more',
  showingOf: (shown, total) => `Showing ${shown} of ${total}`,

  homeTitle: 'City services',
  homeIntro: 'Find City of Helsinki services and service points, their opening hours and contact details.',
  searchLabel: 'Search for a service or service point',
  searchButton: 'Search',
  searchHelp: 'For example library, swimming hall or health station',
  categoriesHeading: 'Services by topic',
  categoriesLoaded: (n) => (n === 1 ? '1 topic loaded' : `${n} topics loaded`),
  noCategories: 'No services are available.',
  unitCount: (n) => (n === 1 ? '1 service point' : `${n} service points`),

  searchTitle: 'Search',
  searchFor: (q) => `Search results: ${q}`,
  searchEmptyQuery: 'Type a search word, for example the name of a service or service point.',
  servicesHeading: 'Services',
  unitsHeading: 'Service points',
  servicesFound: (n) => (n === 1 ? '1 service' : `${n} services`),
  unitsFound: (n) => (n === 1 ? '1 service point' : `${n} service points`),
  noServicesFound: 'No services match your search.',
  noUnitsFound: 'No service points match your search.',
  searchAnnouncement: (s, u) =>
    `Found ${s === 1 ? '1 service' : `${s} services`} and ${u === 1 ? '1 service point' : `${u} service points`}`,

  serviceFallbackTitle: 'Service',
  serviceCategory: 'Topic',
  serviceUnitsHeading: 'Where to get this service',
  serviceNoUnits: 'No service point offers this service at the moment.',
  nearestFirst: 'Nearest first',
  alphabetical: 'Alphabetical order',
  locating: 'Finding your location…',
  sortedByDistance: 'Service points are sorted by distance, nearest first.',
  sortedByName: 'Service points are sorted alphabetically.',
  geoDenied: 'Your location was not shared. Service points are shown in alphabetical order.',
  geoUnavailable: 'Your location is not available right now. Service points are shown in alphabetical order.',
  geoUnsupported: 'Your device does not share its location. Service points are shown in alphabetical order.',
  distanceAway: (d) => `${d} away`,

  unitFallbackTitle: 'Service point',
  addressHeading: 'Address',
  showOnMap: 'Show on map (OpenStreetMap)',
  noAddress: 'No address available.',
  openingHoursHeading: 'Opening hours',
  today: 'Today',
  todayHours: (h) => `Open today ${h}`,
  todayClosed: 'Closed today',
  closed: 'Closed',
  weekCaption: 'Opening hours for the coming days',
  dayColumn: 'Day',
  hoursColumn: 'Opening hours',
  noOpeningHours: 'No opening hours available.',
  unitServicesHeading: 'Services',
  noUnitServices: 'No services listed for this service point.',
  contactHeading: 'Contact details',
  phone: 'Phone',
  email: 'Email',
  website: 'Website',
  noContact: 'No contact details available.',
  accessibilityHeading: 'Accessibility',

  accountNav: 'Account',
  signInLink: 'Sign in',
  profileLinkSuffix: 'your profile',
  staffLink: 'Staff tools',

  flashSignedIn: (name) => `You are signed in as ${name}.`,
  flashSignedOut: 'You have signed out.',
  flashAccountDeleted: 'Your account and all your data have been deleted.',
  errorSummaryTitle: 'Please fix the following',
  actionFailed: 'This cannot be done right now. Please try again in a moment.',
  actionOffline: 'You are offline. This needs a network connection.',
  cancel: 'Cancel',

  signInTitle: 'Sign in',
  signInIntro: 'Sign in to manage your details and choose your language.',
  emailLabel: 'E-mail address',
  passwordLabel: 'Password',
  signInButton: 'Sign in',
  signingIn: 'Signing in…',
  signInFailedTitle: 'Sign-in failed',
  errorEmailRequired: 'Enter your e-mail address.',
  errorEmailInvalid: 'Enter the e-mail address in the form name@example.fi.',
  errorPasswordRequired: 'Enter your password.',
  signInOffline: 'You are offline. Signing in needs a network connection.',
  signInFailed: 'Signing in is not possible right now. Please try again in a moment.',
  orDivider: 'or',
  signInWithHelsinkiProfile: 'Sign in with Helsinki profile',

  profileTitle: 'My profile',
  detailsHeading: 'Account details',
  emailHeading: 'E-mail address',
  signsInWithLabel: 'Sign-in method',
  signsInWithLocal: 'E-mail and password',
  signsInWithOidc: 'Helsinki profile',
  noEmail: 'No e-mail address',
  preferencesHeading: 'Name and language',
  nameLabel: 'Name',
  languageLegend: 'Language',
  languageHelp: 'Asiointi is shown in this language when you sign in.',
  saveButton: 'Save',
  saving: 'Saving…',
  saved: 'Your details have been saved.',
  saveFailedTitle: 'Your details were not saved',
  errorNameRequired: 'Enter your name.',
  errorNameTooLong: 'The name can be at most 200 characters.',
  myDataHeading: 'Your data',
  myDataIntro: 'You can download everything Asiointi keeps about you as a JSON file.',
  downloadButton: 'Download my data (JSON)',
  preparingDownload: 'Preparing the file…',
  downloaded: (file) => `The file ${file} has been downloaded.`,
  signOutHeading: 'Signing out',
  signOutButton: 'Sign out',
  signingOut: 'Signing out…',
  deleteHeading: 'Deleting your account',
  deleteIntro:
    'When you delete your account, everything kept about you is permanently deleted and you can no longer sign in with it.',
  deleteButton: 'Delete my account',
  checkingDelete: 'Checking…',
  deleteBlockedTitle: 'Your account cannot be deleted now',
  deleteConfirmTitle: 'Delete your account permanently?',
  deleteConfirmBody: 'This cannot be undone. You will be signed out and all your data will be deleted.',
  deleteConfirmButton: 'Yes, delete my account',
  deleting: 'Deleting…',

  staffTitle: 'Staff tools',
  staffForbiddenTitle: 'No access',
  staffForbiddenBody: 'This page is for City staff only.',
  rolesHeading: 'Your roles',
  roleNames: { ADMIN: 'Administrator', HANDLER: 'Handler', VIEWER: 'Viewer' },
  scopeGlobal: 'Whole city',
  scopeKinds: { DEPARTMENT: 'Division', UNIT: 'Service point', SERVICE: 'Service' },
  noRoles: 'You have no roles.',
  auditHeading: 'Audit log',
  auditCaption: 'Latest events, newest first',
  auditTime: 'Time',
  auditAction: 'Event',
  auditTarget: 'Target',
  auditEmpty: 'No events yet.',
  auditActions: { 'role.grant': 'Role granted', 'role.revoke': 'Role revoked', 'account.erase': 'Account deleted' },
  targetTypes: { user: 'User' },
  usersHeading: 'Users',
  usersSearchLabel: 'Search by name or e-mail address',
  usersSearchRegion: 'User search',
  usersEmpty: 'No users found.',
  usersFound: (n) => (n === 1 ? '1 user' : `${n} users`),
  userNoRoles: 'No roles',

  myAppointmentsLink: 'My appointments',
  myAppointmentsTitle: 'My appointments',
  appointmentFallbackTitle: 'Appointment',
  bookHeading: 'Book an appointment',
  bookIntro: (n) =>
    n === 1 ? 'You can book an appointment online.' : `You can book an appointment online at ${n} places.`,
  bookButton: 'Book an appointment',
  bookStepTitles: {
    place: 'Choose a place',
    day: 'Choose a day',
    time: 'Choose a time',
    questions: 'Tell us about your visit',
    review: 'Check and confirm your booking',
    done: 'Your appointment is booked',
  },
  stepOf: (step, total) => `step ${step} of ${total}`,
  back: 'Back',
  backToService: 'Back to the service',
  notBookableOnline: 'This service cannot be booked online.',
  placeFilterLabel: 'Find a place by name',
  noPlacesMatch: 'No place matches your search.',
  loadingFreeTimes: 'Loading free times…',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  dayListHelp: 'Only days with free times are shown. You can move between the days with the arrow keys.',
  freeDays: (n) => (n === 0 ? 'no free times' : n === 1 ? '1 day with free times' : `${n} days with free times`),
  freeTimes: (n) => (n === 1 ? '1 free time' : `${n} free times`),
  freeTimesOn: (day, n) => `${day}: ${n === 1 ? '1 free time' : `${n} free times`}`,
  freeTimesLegend: (day) => `Free times on ${day}`,
  noFreeDaysInMonth: (month) => `No free times in ${month}. Try the next month.`,
  noFreeDaysAtAll: 'There are no free times right now. Please look again later or contact the place.',
  noFreeTimesLeft: 'There are no free times left on this day.',
  durationNote: (m) => `The appointment takes ${m} minutes.`,
  seatsLeft: (n) => (n === 1 ? '(1 place)' : `(${n} places)`),
  continueButton: 'Continue',
  holdingTime: 'Holding the time…',
  errorChooseTime: 'Choose a time.',
  slotTakenTitle: 'This time was just taken',
  findingAlternatives: 'Finding the nearest free times…',
  nearestAlternatives: 'The nearest free times:',
  noAlternatives: 'There are no free times in the days around it.',
  chooseAnotherDay: 'Choose another day',
  holdExpiredTitle: 'The time was released',
  heldUntil: (time) => `This time is held for you until ${time}. Please confirm the booking before then.`,
  optional: 'optional',
  errorAnswerRequired: (label) => `Please answer: ${label}`,
  errorAnswerNumber: (label) => `Enter a number: ${label}`,
  yes: 'Yes',
  no: 'No',
  summaryService: 'Service',
  summaryDate: 'Date',
  summaryTime: 'Time',
  summaryPlace: 'Place',
  change: 'Change',
  dateAtTime: (date, time) => `${date} at ${time}`,
  cancelRule: (m) =>
    m <= 0
      ? 'You can cancel or move the appointment online until it starts.'
      : m % 60 === 0
        ? `You can cancel or move the appointment online until ${m / 60 === 1 ? 'an hour' : `${m / 60} hours`} before it starts.`
        : `You can cancel or move the appointment online until ${m} minutes before it starts.`,
  confirmBooking: 'Confirm booking',
  confirming: 'Confirming…',
  bookingFailedTitle: 'The booking was not confirmed',
  bookedNotice: 'Your booking is confirmed',
  bookedAnnouncement: 'Your appointment is booked.',
  viewBooking: 'Booking details',
  alreadyBooked: 'You have already booked this time.',
  bookAnother: 'Book another time',
  addToCalendar: 'Add to calendar (.ics)',
  directions: 'Directions (HSL Journey Planner)',
  callUnit: (phone) => `Call the place: ${phone}`,

  upcomingHeading: 'Upcoming',
  pastHeading: 'Past',
  upcomingCount: (n) =>
    n === 0 ? 'No upcoming appointments' : n === 1 ? '1 upcoming appointment' : `${n} upcoming appointments`,
  noUpcoming: "You have no upcoming appointments. You can book one from a service's page.",
  noPast: 'No past appointments.',
  statusLabel: 'Status',
  bookingStatus: {
    HELD: 'Awaiting confirmation',
    CONFIRMED: 'Booked',
    CANCELLED: 'Cancelled',
    NO_SHOW: 'No-show',
    CHECKED_IN: 'Checked in',
    EXPIRED: 'Expired',
  },
  changeHeading: 'Change or cancel',
  rescheduleButton: 'Change the time',
  changeTimeCaption: (type) => `Changing the time – ${type}`,
  currentTime: (when) => `Your current time: ${when}`,
  moveHere: 'Move to this time',
  moving: 'Moving…',
  movedNotice: (when) => `Your appointment has been moved to ${when}.`,
  tooLateToChange: 'It is too late to cancel or move this appointment online. Please contact the place.',
  cancelBookingButton: 'Cancel the appointment',
  cancelConfirmTitle: 'Cancel this appointment?',
  cancelReasonLabel: 'Reason for cancelling',
  cancelReasonHelp: 'The reason helps the place. At most 500 characters.',
  cancelConfirmButton: 'Yes, cancel it',
  keepBooking: 'Keep the appointment',
  cancelling: 'Cancelling…',
  cancelledNotice: 'Your appointment has been cancelled.',
  cancelFailedTitle: 'The appointment was not cancelled',
  feedHeading: 'Your appointments in your calendar',
  feedIntro:
    'Subscribe to your appointments in a calendar app with a secret address. The calendar updates itself when you book, move or cancel.',
  feedCreate: 'Create a subscription address',
  feedReplace: 'Create a new address',
  feedReplaceHelp: 'A new address replaces the old one, which stops working at once.',
  feedRevoke: 'Turn the address off',
  feedRevoked: 'The subscription address no longer works.',
  feedCreated: 'The subscription address has been created.',
  feedUrlLabel: 'Subscription address',
  feedUrlHelp: 'The address is shown only now. Keep it to yourself: anyone with it can see your appointments.',
  copyAddress: 'Copy the address',
  copied: 'The address has been copied.',
  copyManually: 'Copy the address from the field.',
  feedCreatedAt: (when) => `Subscription address created ${when}.`,
  feedLastUsed: (when) => `A calendar last fetched it ${when}.`,
  feedNeverUsed: 'No calendar has fetched it yet.',

  staffAppointmentsTitle: 'Appointments',
  staffAppointmentsLink: 'Appointments at your service point',
  staffUnitLabel: 'Service point',
  staffNoUnits: 'You have no role at a service point.',
  viewLabel: 'View',
  viewDay: 'Day',
  viewWeek: 'Week',
  dateNavLabel: 'Choose the date',
  previousDay: 'Previous day',
  nextDay: 'Next day',
  previousWeek: 'Previous week',
  nextWeek: 'Next week',
  weekRange: (from, to) => `${from} – ${to}`,
  appointmentsCount: (n) => (n === 1 ? '1 appointment' : `${n} appointments`),
  noAppointmentsDay: 'No appointments on this day.',
  noAppointmentsWeek: 'No appointments this week.',
  customerUnknown: 'Customer',
  markCheckedIn: 'Checked in',
  markNoShow: 'No-show',
  attendanceMarked: (status, who, time) => `${who}, ${time}: ${status}.`,

  staffScheduleTitle: 'Working hours and blocked time',
  staffScheduleLink: 'Working hours and blocked time',
  staffRequests: STAFF_REQUEST_MESSAGES.en,
  resourcesHeading: 'Resources',
  noResources: 'This service point has no resources.',
  resourceKinds: { DESK: 'Desk', ROOM: 'Room', PERSON: 'Person' },
  kindLabel: 'Kind',
  inUse: 'In use',
  notInUse: 'Not in use',
  weeklyScheduleCaption: (name) => `Weekly schedule: ${name}`,
  weekdayColumn: 'Weekday',
  workingHoursColumn: 'Working hours',
  notWorking: 'Not working',
  breakNote: (range) => `Break ${range}`,
  exceptionsHeading: (name) => `Upcoming exceptions: ${name}`,
  noExceptions: 'No upcoming exceptions.',
  openInstead: (hours) => `Open ${hours} instead`,
  appointmentTypesHeading: 'Appointment types',
  noAppointmentTypes: 'This service point has no appointment types.',
  durationLabel: 'Duration',
  intervalLabel: 'Interval between times',
  seatsLabel: 'Seats per time',
  noticeLabel: 'Book at the latest',
  horizonLabel: 'Bookable ahead',
  cancelDeadlineLabel: 'Cancel at the latest',
  reminderLabel: 'Reminder',
  noReminder: 'No reminder',
  strongIdLabel: 'Strong identification',
  questionsLabel: 'Questions',
  activeLabel: 'In use',
  minutes: (n) => `${n} min`,
  hours: (n) => (n === 1 ? '1 hour' : `${n} hours`),
  days: (n) => (n === 1 ? '1 day' : `${n} days`),
  beforeStart: (duration) => `${duration} before the start`,
  weekHeading: (range) => `Week ${range}`,
  weekNavLabel: 'Choose the week',
  thisWeek: 'This week',
  daysCaption: 'Working hours by day',
  publicHoliday: (name) => (name ? `Public holiday: ${name}` : 'Public holiday'),
  exceptionNote: (reason) => (reason ? `Exception: ${reason}` : 'Exception'),
  blockedNote: (range) => `Blocked ${range}`,
  blocksHeading: 'Blocked time',
  blocksCaption: 'Blocked time this week',
  noBlocks: 'No blocked time this week.',
  blocksCount: (n) => (n === 1 ? '1 blocked time' : `${n} blocked times`),
  blockFormHeading: 'Block time',
  blockFormIntro: 'Blocked time is taken out of the bookable times. Times are in Helsinki time.',
  resourceLabel: 'Resource',
  dateLabel: 'Date',
  startTimeLabel: 'Starts at',
  endTimeLabel: 'Ends at',
  timeHelp: 'In 5-minute steps, for example 12:00',
  blockReasonLabel: 'Reason',
  blockReasonHelp: 'Only staff see it. At most 500 characters.',
  blockButton: 'Block the time',
  blocking: 'Blocking…',
  blockFailedTitle: 'The time was not blocked',
  errorResourceRequired: 'Choose a resource.',
  errorDateRequired: 'Enter a date.',
  errorStartRequired: 'Enter the start time.',
  errorEndRequired: 'Enter the end time.',
  errorTimeStep: 'Use a time on a 5-minute step.',
  errorEndBeforeStart: 'The end must be after the start.',
  errorBlockInPast: 'Time that has already passed cannot be blocked.',
  blockedNotice: (when) => `The time is blocked: ${when}.`,
  unblockButton: 'Unblock',
  unblockLabel: (when) => `Unblock ${when}`,
  unblockConfirmTitle: (when) => `Unblock ${when}?`,
  unblockConfirmButton: 'Yes, unblock',
  keepBlock: 'Keep it blocked',
  unblocking: 'Unblocking…',
  unblockedNotice: (when) => `Unblocked: ${when}. The time can be booked again.`,
  viewOnlyNote: 'You can view this. Blocking time needs the handler or administrator role.',

  notFoundTitle: 'Page not found',
  notFoundBody: 'The page you are looking for does not exist or has been removed.',
  backToHome: 'To the front page',
};

export const MESSAGES: Record<Lang, Messages> = { fi, sv, en };

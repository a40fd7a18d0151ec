/**
 * The texts of reporting a problem, following it and the device's outbox, in Finnish, Swedish and
 * English (kept apart from i18n/messages.ts; general words such as "Back" and "Continue" come from
 * there). `ReportMessages` lists the keys: a dictionary that misses one does not compile.
 */
import { useI18n, type Lang } from './i18n/index.ts';
import type { RequestEventKind, RequestStatus } from './report-types.ts';
import type { ReportStep } from './router.ts';

export type OutboxState = 'waiting' | 'sending' | 'sent' | 'failed';

export interface ReportMessages {
  reportLink: string;
  homeReportHeading: string;
  homeReportIntro: string;
  myReportsLink: string;
  headerReportsLink: string;
  nearbyLink: string;
  reportScreenTitle: string;

  stepTitles: Record<ReportStep, string>;
  startOver: string;
  continuingDraft: string;

  categorySearchLabel: string;
  categorySearchHelp: string;
  categoriesFound: (n: number) => string;
  noCategoryMatch: string;
  noCategories: string;
  chosen: string;

  locationIntro: string;
  locationOptional: string;
  useMyLocation: string;
  locatingDevice: string;
  locationFound: (accuracy: number | null) => string;
  locationDenied: string;
  locationUnavailable: string;
  locationUnsupported: string;
  locationOutside: string;
  removeLocation: string;
  locationRemoved: string;
  addressLabel: string;
  addressHelp: string;
  addressSuggestionsLabel: string;
  addressSuggestionsFound: (n: number) => string;
  addressSearching: string;
  addressNoMatch: string;
  addressSearchUnavailable: string;
  locationFromAddress: (label: string) => string;
  errorLocationRequired: string;
  nearbyHeading: string;
  nearbyIntro: string;
  followInstead: string;
  followingThis: string;
  yourOwnReport: string;
  signInToFollow: string;
  checkingNearby: string;

  chooseOne: string;
  chooseAny: string;
  dateTimeHelp: string;
  errorAnswerDate: (label: string) => string;
  infoNotes: string;

  titleLabel: string;
  titleHelp: string;
  descriptionLabel: string;
  descriptionHelp: string;
  charactersLeft: (n: number) => string;
  errorTextRequired: string;
  errorTooLong: (label: string, max: number) => string;
  errorMarkup: (label: string) => string;
  errorControl: (label: string) => string;

  photosIntro: (max: number) => string;
  takePhoto: string;
  choosePhotos: string;
  photoListLabel: string;
  photoCount: (n: number, max: number) => string;
  photoLabel: (n: number) => string;
  uploadingPercent: (percent: number) => string;
  uploaded: string;
  photoWaiting: string;
  removePhoto: (n: number) => string;
  photoRemoved: string;
  photoNotImage: string;
  photoTooLarge: string;
  tooManyPhotos: (max: number) => string;
  photosRejectedTitle: string;
  photoAdded: string;

  contactIntro: string;
  contactSignedIn: (name: string) => string;
  contactSignedOut: string;
  contactNameLabel: string;
  contactEmailLabel: string;
  contactPhoneLabel: string;
  showNameLabel: string;
  showNameHelp: string;
  errorEmail: string;
  errorPhone: string;

  summaryCategory: string;
  summaryLocation: string;
  summaryAddress: string;
  summaryTitle: string;
  summaryDescription: string;
  summaryPhotos: string;
  summaryContact: string;
  summaryShowName: string;
  notGiven: string;
  deviceLocation: (lat: string, lon: string) => string;
  addressLocation: (lat: string, lon: string) => string;
  photosCount: (n: number) => string;
  sendReport: string;
  sendOfflineNote: string;
  sendAnonymousNote: string;

  outboxState: Record<OutboxState, string>;
  waitingOffline: string;
  waitingRetry: string;
  waitingSignIn: (name: string) => string;
  sendingNow: string;
  sentNumber: (n: number) => string;
  failedTitle: string;
  failedGeneric: string;
  editReport: string;
  photosDropped: (n: number) => string;
  trackingHeading: string;
  trackingIntro: string;
  trackingLinkLabel: string;
  copyLink: string;
  linkCopied: string;
  copyManually: string;
  openTracking: string;
  viewRequest: string;
  sendNow: string;
  deleteReport: (label: string) => string;
  deleteLabel: string;
  reportDeleted: string;
  newReport: string;
  notOnThisDevice: string;
  queuedAnnouncement: string;
  sentAnnouncement: string;
  savedAt: (when: string) => string;

  myReportsTitle: string;
  deviceHeading: string;
  deviceIntro: string;
  noDeviceReports: string;
  mineHeading: string;
  noMine: string;
  followedHeading: string;
  noFollowed: string;
  signInForMine: string;
  reportedOn: (date: string) => string;
  requestNumber: (n: number) => string;
  sentAnonymously: string;

  status: Record<RequestStatus, string>;
  /** Said to screen readers when an open request screen updates by itself. */
  statusUpdatedLive: (status: string) => string;
  eventKind: Record<RequestEventKind, string>;

  requestFallbackTitle: string;
  summaryNumber: string;
  summaryReported: string;
  summaryUpdated: string;
  summaryPlace: string;
  summaryDepartment: string;
  summaryReporter: string;
  descriptionHeading: string;
  photosHeading: string;
  timelineHeading: string;
  photoAlt: (n: number, total: number) => string;
  follow: string;
  unfollow: string;
  followHelp: string;
  followedNotice: string;
  unfollowedNotice: string;
  ownReportNote: string;
  duplicateOf: string;
  showOriginal: string;
  requestNotFoundTitle: string;
  requestNotFoundBody: string;
  trackNote: string;
  trackNotFoundTitle: string;
  trackNotFoundBody: string;

  nearbyTitle: string;
  nearbyScreenIntro: string;
  nearbyCategoryLabel: string;
  allCategories: string;
  nearbyNeedsLocation: string;
  nearbyNone: string;
  nearbyFound: (n: number) => string;
  refreshLocation: string;
  someCategoriesFailed: string;
}

const fi: ReportMessages = {
  reportLink: 'Tee ilmoitus',
  homeReportHeading: 'Huomasitko vian kaupungilla?',
  homeReportIntro:
    'Ilmoita esimerkiksi pimeästä katuvalosta, kaatuneesta puusta tai täydestä roska-astiasta – myös ilman verkkoyhteyttä. Voit seurata ilmoituksen käsittelyä.',
  myReportsLink: 'Omat ilmoitukset',
  headerReportsLink: 'Ilmoitukset',
  nearbyLink: 'Ilmoitukset lähelläsi',
  reportScreenTitle: 'Tee ilmoitus',

  stepTitles: {
    category: 'Mistä haluat ilmoittaa?',
    location: 'Missä se on?',
    questions: 'Kerro lisää',
    description: 'Kuvaile asia',
    photos: 'Lisää kuvia',
    contact: 'Yhteystietosi',
    review: 'Tarkista ja lähetä',
    sent: 'Kiitos ilmoituksestasi',
  },
  startOver: 'Aloita alusta',
  continuingDraft: 'Jatkat keskeneräistä ilmoitusta. Valintasi on tallessa tällä laitteella.',

  categorySearchLabel: 'Hae aihetta',
  categorySearchHelp: 'Esimerkiksi katuvalo, puu tai roskis',
  categoriesFound: (n) => (n === 1 ? '1 aihe' : `${n} aihetta`),
  noCategoryMatch: 'Mikään aihe ei vastaa hakua. Kokeile toista sanaa, tai valitse ”Palaute kaupungille”.',
  noCategories: 'Ilmoitusaiheita ei löytynyt.',
  chosen: 'valittu',

  locationIntro: 'Kerro paikka: käytä laitteesi sijaintia, kirjoita osoite tai paikan kuvaus – tai molemmat. Karttaa ei tarvita.',
  locationOptional: 'Paikka ei ole tässä aiheessa pakollinen.',
  useMyLocation: 'Käytä sijaintiani',
  locatingDevice: 'Haetaan sijaintia…',
  locationFound: (accuracy) =>
    accuracy ? `Laitteesi sijainti on tallessa (tarkkuus noin ${accuracy} m).` : 'Laitteesi sijainti on tallessa.',
  locationDenied: 'Sijaintia ei saatu, koska lupaa ei annettu. Kirjoita osoite tai paikan kuvaus.',
  locationUnavailable: 'Sijaintia ei saatu juuri nyt. Yritä uudelleen tai kirjoita osoite.',
  locationUnsupported: 'Laitteesi ei kerro sijaintia. Kirjoita osoite tai paikan kuvaus.',
  locationOutside: 'Sijainti näyttää olevan Helsingin ulkopuolella. Kirjoita osoite tai yritä uudelleen paikan päällä.',
  removeLocation: 'Poista sijainti',
  locationRemoved: 'Sijainti poistettu.',
  addressLabel: 'Osoite tai paikan kuvaus',
  addressHelp: 'Esimerkiksi Mannerheimintie 10 tai ”Kaisaniemen puiston lammen vieressä”.',
  addressSuggestionsLabel: 'Osoite-ehdotukset',
  addressSuggestionsFound: (n) => (n === 1 ? '1 osoite-ehdotus. Valitse nuolinäppäimillä.' : `${n} osoite-ehdotusta. Valitse nuolinäppäimillä.`),
  addressSearching: 'Haetaan osoitteita…',
  addressNoMatch: 'Osoitetta ei löytynyt. Voit jatkaa kirjoittamallasi osoitteella tai kuvauksella.',
  addressSearchUnavailable: 'Osoitehaku ei ole nyt käytettävissä. Kirjoittamasi osoite lähetetään sellaisenaan.',
  locationFromAddress: (label) => `Sijainti asetettu osoitteesta ${label}.`,
  errorLocationRequired: 'Käytä sijaintiasi tai kirjoita osoite.',
  nearbyHeading: 'Onko tästä jo ilmoitettu?',
  nearbyIntro: 'Lähellä on avoimia ilmoituksia samasta aiheesta. Voit seurata jotakin niistä uuden ilmoituksen sijaan.',
  followInstead: 'Seuraa tätä ilmoitusta',
  followingThis: 'Seuraat tätä ilmoitusta.',
  yourOwnReport: 'Oma ilmoituksesi.',
  signInToFollow: 'Kirjaudu sisään seurataksesi',
  checkingNearby: 'Haetaan lähellä olevia ilmoituksia…',

  chooseOne: 'Valitse yksi.',
  chooseAny: 'Valitse yksi tai useampi.',
  dateTimeHelp: 'Päivä ja kellonaika (Suomen aikaa).',
  errorAnswerDate: (label) => `Anna päivä ja kellonaika: ${label}`,
  infoNotes: 'Hyvä tietää',

  titleLabel: 'Otsikko',
  titleHelp: 'Muutamalla sanalla, esimerkiksi ”Katuvalo ei pala”.',
  descriptionLabel: 'Kuvaus',
  descriptionHelp: 'Mitä on tapahtunut ja missä tarkalleen? Älä kirjoita kuvaukseen henkilötietoja.',
  charactersLeft: (n) => (n >= 0 ? `${n} merkkiä jäljellä` : `${-n} merkkiä liikaa`),
  errorTextRequired: 'Kirjoita otsikko tai kuvaus.',
  errorTooLong: (label, max) => `${label}: enintään ${max} merkkiä.`,
  errorMarkup: (label) => `${label}: HTML-merkinnät (kuten <b> tai <script>) eivät ole sallittuja.`,
  errorControl: (label) => `${label}: teksti sisältää merkkejä, joita ei voi tallentaa.`,

  photosIntro: (max) =>
    `Voit lisätä enintään ${max} kuvaa (JPEG, PNG, WebP tai HEIC, enintään 10 Mt kukin). Kuvista poistetaan sijainti- ja muut piilotiedot.`,
  takePhoto: 'Ota kuva',
  choosePhotos: 'Valitse kuvia',
  photoListLabel: 'Lisätyt kuvat',
  photoCount: (n, max) => `${n}/${max} kuvaa lisätty`,
  photoLabel: (n) => `Kuva ${n}`,
  uploadingPercent: (p) => `Lähetetään… ${p} %`,
  uploaded: 'Lähetetty',
  photoWaiting: 'Lähetetään ilmoituksen mukana, kun yhteys palaa',
  removePhoto: (n) => `Poista kuva ${n}`,
  photoRemoved: 'Kuva poistettu.',
  photoNotImage: 'Tiedosto ei ole kuva.',
  photoTooLarge: 'Kuva on liian suuri (enintään 10 Mt).',
  tooManyPhotos: (max) => `Voit lisätä enintään ${max} kuvaa.`,
  photosRejectedTitle: 'Kaikkia kuvia ei voitu lisätä',
  photoAdded: 'Kuva lisätty.',

  contactIntro:
    'Yhteystiedot ovat vapaaehtoisia. Kaupunki käyttää niitä vain tämän ilmoituksen hoitamiseen, eikä niitä koskaan näytetä julkisesti.',
  contactSignedIn: (name) => `Olet kirjautunut nimellä ${name}: ilmoitus näkyy omissa ilmoituksissasi.`,
  contactSignedOut:
    'Et ole kirjautunut sisään. Saat lähettämisen jälkeen seurantalinkin. Jos kirjaudut, ilmoitus näkyy omissa ilmoituksissasi.',
  contactNameLabel: 'Nimi',
  contactEmailLabel: 'Sähköpostiosoite',
  contactPhoneLabel: 'Puhelinnumero',
  showNameLabel: 'Nimeni saa näkyä ilmoituksen yhteydessä julkisesti',
  showNameHelp: 'Sähköpostiosoitetta ja puhelinnumeroa ei näytetä koskaan.',
  errorEmail: 'Sähköpostiosoite on virheellinen.',
  errorPhone: 'Puhelinnumero on virheellinen.',

  summaryCategory: 'Aihe',
  summaryLocation: 'Sijainti',
  summaryAddress: 'Osoite tai paikka',
  summaryTitle: 'Otsikko',
  summaryDescription: 'Kuvaus',
  summaryPhotos: 'Kuvat',
  summaryContact: 'Yhteystiedot',
  summaryShowName: 'Nimi julkisesti',
  notGiven: 'Ei annettu',
  deviceLocation: (lat, lon) => `Laitteen sijainti (${lat}, ${lon})`,
  addressLocation: (lat, lon) => `Osoitteen sijainti (${lat}, ${lon})`,
  photosCount: (n) => (n === 1 ? '1 kuva' : `${n} kuvaa`),
  sendReport: 'Lähetä ilmoitus',
  sendOfflineNote:
    'Olet offline-tilassa. Ilmoitus tallennetaan tälle laitteelle ja lähetetään automaattisesti, kun yhteys palaa.',
  sendAnonymousNote: 'Lähetät ilmoituksen kirjautumatta. Saat seurantalinkin, jolla voit seurata sen käsittelyä.',

  outboxState: { waiting: 'Odottaa lähetystä', sending: 'Lähetetään…', sent: 'Lähetetty', failed: 'Lähetys epäonnistui' },
  waitingOffline: 'Laite on offline-tilassa. Ilmoitus on tallessa tällä laitteella ja lähetetään automaattisesti, kun yhteys palaa.',
  waitingRetry: 'Palvelimeen ei saatu yhteyttä. Ilmoitus on tallessa, ja lähetystä yritetään automaattisesti uudelleen.',
  waitingSignIn: (name) => `Kirjaudu sisään käyttäjänä ${name}, niin ilmoitus lähetetään.`,
  sendingNow: 'Ilmoitusta lähetetään…',
  sentNumber: (n) => `Ilmoitus on vastaanotettu numerolla ${n}.`,
  failedTitle: 'Ilmoitusta ei voitu lähettää',
  failedGeneric: 'Palvelu ei hyväksynyt ilmoitusta. Yritä myöhemmin uudelleen tai poista se.',
  editReport: 'Korjaa ilmoitusta',
  photosDropped: (n) => (n === 1 ? '1 kuva jäi pois, koska sitä ei hyväksytty.' : `${n} kuvaa jäi pois, koska niitä ei hyväksytty.`),
  trackingHeading: 'Seurantalinkki',
  trackingIntro:
    'Säilytä tämä linkki: sillä voit seurata ilmoituksen käsittelyä. Linkki on tallessa myös tämän laitteen omissa ilmoituksissa.',
  trackingLinkLabel: 'Ilmoituksen seurantalinkki',
  copyLink: 'Kopioi linkki',
  linkCopied: 'Linkki on kopioitu.',
  copyManually: 'Kopioi linkki kentästä.',
  openTracking: 'Avaa seurantasivu',
  viewRequest: 'Näytä ilmoitus',
  sendNow: 'Yritä nyt',
  deleteReport: (label) => `Poista ilmoitus: ${label}`,
  deleteLabel: 'Poista',
  reportDeleted: 'Ilmoitus poistettu tältä laitteelta.',
  newReport: 'Tee uusi ilmoitus',
  notOnThisDevice: 'Ilmoitusta ei löydy tältä laitteelta.',
  queuedAnnouncement: 'Ilmoitus on tallessa ja lähetetään, kun yhteys palaa.',
  sentAnnouncement: 'Ilmoitus on lähetetty.',
  savedAt: (when) => `Tallennettu ${when}`,

  myReportsTitle: 'Omat ilmoitukset',
  deviceHeading: 'Tällä laitteella',
  deviceIntro: 'Lähettämättömät ilmoitukset ja ilman kirjautumista tehdyt ilmoitukset seurantalinkkeineen.',
  noDeviceReports: 'Tällä laitteella ei ole lähettämättömiä ilmoituksia.',
  mineHeading: 'Tekemäni ilmoitukset',
  noMine: 'Et ole vielä tehnyt ilmoituksia.',
  followedHeading: 'Seuraamani ilmoitukset',
  noFollowed: 'Et seuraa vielä yhtään ilmoitusta.',
  signInForMine: 'Kirjaudu sisään, niin näet tekemäsi ja seuraamasi ilmoitukset.',
  reportedOn: (date) => `Ilmoitettu ${date}`,
  requestNumber: (n) => `Nro ${n}`,
  sentAnonymously: 'Lähetetty kirjautumatta',

  statusUpdatedLive: (status) => `Tila päivittyi: ${status}.`,
  status: {
    RECEIVED: 'Vastaanotettu',
    IN_HANDLING: 'Käsittelyssä',
    RESOLVED: 'Ratkaistu',
    CLOSED_WITHOUT_ACTION: 'Suljettu ilman toimenpiteitä',
    REJECTED: 'Hylätty',
    DUPLICATE: 'Päällekkäinen ilmoitus',
  },
  eventKind: {
    CREATED: 'Ilmoitus vastaanotettu',
    STATUS: 'Tila muuttui',
    NOTE: 'Viesti',
    ALLOCATED: 'Ohjattu käsittelyyn',
    MERGED: 'Yhdistetty toiseen ilmoitukseen',
    REOPENED: 'Avattu uudelleen',
  },

  requestFallbackTitle: 'Ilmoitus',
  summaryNumber: 'Numero',
  summaryReported: 'Ilmoitettu',
  summaryUpdated: 'Päivitetty',
  summaryPlace: 'Paikka',
  summaryDepartment: 'Käsittelijä',
  summaryReporter: 'Ilmoittaja',
  descriptionHeading: 'Kuvaus',
  photosHeading: 'Kuvat',
  timelineHeading: 'Käsittelyn vaiheet',
  photoAlt: (n, total) => `Ilmoituksen kuva ${n}/${total}`,
  follow: 'Seuraa ilmoitusta',
  unfollow: 'Lopeta seuraaminen',
  followHelp: 'Seuraamalla saat tiedon, kun ilmoituksen käsittely etenee.',
  followedNotice: 'Seuraat nyt tätä ilmoitusta.',
  unfollowedNotice: 'Et enää seuraa tätä ilmoitusta.',
  ownReportNote: 'Tämä on oma ilmoituksesi: saat tiedon sen käsittelyn etenemisestä.',
  duplicateOf: 'Tämä ilmoitus on yhdistetty aiempaan ilmoitukseen samasta asiasta.',
  showOriginal: 'Näytä alkuperäinen ilmoitus',
  requestNotFoundTitle: 'Ilmoitusta ei löydy',
  requestNotFoundBody: 'Ilmoitusta ei ole olemassa, tai se ei ole julkinen.',
  trackNote: 'Tämä on ilmoituksesi seurantasivu. Säilytä linkki: se on ainoa tapa palata ilmoitukseen kirjautumatta.',
  trackNotFoundTitle: 'Seurantalinkki ei kelpaa',
  trackNotFoundBody:
    'Linkki on virheellinen tai vanhentunut. Jos ilmoitus lähetettiin samalta laitteelta uudelleen, käytä uusinta linkkiä (Omat ilmoitukset).',

  nearbyTitle: 'Ilmoitukset lähelläsi',
  nearbyScreenIntro: 'Avoimet ilmoitukset 200 metrin säteellä viimeisen 30 päivän ajalta, lähimmät ensin.',
  nearbyCategoryLabel: 'Aihe',
  allCategories: 'Kaikki aiheet',
  nearbyNeedsLocation: 'Lähellä olevat ilmoitukset haetaan laitteesi sijainnin perusteella. Sijaintia ei tallenneta.',
  nearbyNone: 'Lähelläsi ei ole avoimia ilmoituksia tästä aiheesta.',
  nearbyFound: (n) => (n === 1 ? '1 ilmoitus lähelläsi' : `${n} ilmoitusta lähelläsi`),
  refreshLocation: 'Päivitä sijainti',
  someCategoriesFailed: 'Kaikkia aiheita ei voitu hakea. Lista voi olla puutteellinen.',
};

const sv: ReportMessages = {
  reportLink: 'Gör en anmälan',
  homeReportHeading: 'Har du sett ett fel i staden?',
  homeReportIntro:
    'Anmäl till exempel släckt gatubelysning, ett fallet träd eller en full papperskorg – även utan nätförbindelse. Du kan följa hur anmälan behandlas.',
  myReportsLink: 'Mina anmälningar',
  headerReportsLink: 'Anmälningar',
  nearbyLink: 'Anmälningar nära dig',
  reportScreenTitle: 'Gör en anmälan',

  stepTitles: {
    category: 'Vad vill du anmäla?',
    location: 'Var finns det?',
    questions: 'Berätta mer',
    description: 'Beskriv saken',
    photos: 'Lägg till bilder',
    contact: 'Dina kontaktuppgifter',
    review: 'Granska och skicka',
    sent: 'Tack för din anmälan',
  },
  startOver: 'Börja om',
  continuingDraft: 'Du fortsätter en påbörjad anmälan. Dina val finns sparade på den här enheten.',

  categorySearchLabel: 'Sök kategori',
  categorySearchHelp: 'Till exempel gatubelysning, träd eller papperskorg',
  categoriesFound: (n) => (n === 1 ? '1 kategori' : `${n} kategorier`),
  noCategoryMatch: 'Ingen kategori motsvarar sökningen. Pröva ett annat ord, eller välj ”Respons till staden”.',
  noCategories: 'Inga kategorier hittades.',
  chosen: 'vald',

  locationIntro:
    'Ange platsen: använd enhetens position, skriv adressen eller en beskrivning av platsen – eller båda. Ingen karta behövs.',
  locationOptional: 'Platsen är inte obligatorisk i den här kategorin.',
  useMyLocation: 'Använd min position',
  locatingDevice: 'Söker position…',
  locationFound: (accuracy) =>
    accuracy ? `Enhetens position är sparad (noggrannhet cirka ${accuracy} m).` : 'Enhetens position är sparad.',
  locationDenied: 'Positionen kunde inte fås eftersom tillstånd inte gavs. Skriv adressen eller en beskrivning av platsen.',
  locationUnavailable: 'Positionen kunde inte fås just nu. Försök igen eller skriv adressen.',
  locationUnsupported: 'Din enhet uppger inte sin position. Skriv adressen eller en beskrivning av platsen.',
  locationOutside: 'Positionen verkar ligga utanför Helsingfors. Skriv adressen eller försök igen på platsen.',
  removeLocation: 'Ta bort positionen',
  locationRemoved: 'Positionen har tagits bort.',
  addressLabel: 'Adress eller beskrivning av platsen',
  addressHelp: 'Till exempel Mannerheimvägen 10 eller ”vid dammen i Kajsaniemiparken”.',
  addressSuggestionsLabel: 'Adressförslag',
  addressSuggestionsFound: (n) => (n === 1 ? '1 adressförslag. Välj med piltangenterna.' : `${n} adressförslag. Välj med piltangenterna.`),
  addressSearching: 'Söker adresser…',
  addressNoMatch: 'Ingen adress hittades. Du kan fortsätta med adressen eller beskrivningen du skrev.',
  addressSearchUnavailable: 'Adressökningen är inte tillgänglig nu. Adressen du skriver skickas som den är.',
  locationFromAddress: (label) => `Platsen angavs från adressen ${label}.`,
  errorLocationRequired: 'Använd din position eller skriv adressen.',
  nearbyHeading: 'Har detta redan anmälts?',
  nearbyIntro: 'I närheten finns öppna anmälningar av samma slag. Du kan följa en av dem i stället för att göra en ny anmälan.',
  followInstead: 'Följ den här anmälan',
  followingThis: 'Du följer den här anmälan.',
  yourOwnReport: 'Din egen anmälan.',
  signInToFollow: 'Logga in för att följa',
  checkingNearby: 'Söker anmälningar i närheten…',

  chooseOne: 'Välj ett alternativ.',
  chooseAny: 'Välj ett eller flera alternativ.',
  dateTimeHelp: 'Datum och klockslag (finsk tid).',
  errorAnswerDate: (label) => `Ange datum och klockslag: ${label}`,
  infoNotes: 'Bra att veta',

  titleLabel: 'Rubrik',
  titleHelp: 'Med några ord, till exempel ”Gatubelysningen lyser inte”.',
  descriptionLabel: 'Beskrivning',
  descriptionHelp: 'Vad har hänt och var exakt? Skriv inga personuppgifter i beskrivningen.',
  charactersLeft: (n) => (n >= 0 ? `${n} tecken kvar` : `${-n} tecken för mycket`),
  errorTextRequired: 'Skriv en rubrik eller en beskrivning.',
  errorTooLong: (label, max) => `${label}: högst ${max} tecken.`,
  errorMarkup: (label) => `${label}: HTML-märkning (som <b> eller <script>) är inte tillåten.`,
  errorControl: (label) => `${label}: texten innehåller tecken som inte kan sparas.`,

  photosIntro: (max) =>
    `Du kan lägga till högst ${max} bilder (JPEG, PNG, WebP eller HEIC, högst 10 MB var). Position och andra dolda uppgifter tas bort från bilderna.`,
  takePhoto: 'Ta en bild',
  choosePhotos: 'Välj bilder',
  photoListLabel: 'Tillagda bilder',
  photoCount: (n, max) => `${n} av ${max} bilder tillagda`,
  photoLabel: (n) => `Bild ${n}`,
  uploadingPercent: (p) => `Laddas upp… ${p} %`,
  uploaded: 'Uppladdad',
  photoWaiting: 'Laddas upp med anmälan när förbindelsen är tillbaka',
  removePhoto: (n) => `Ta bort bild ${n}`,
  photoRemoved: 'Bilden har tagits bort.',
  photoNotImage: 'Filen är inte en bild.',
  photoTooLarge: 'Bilden är för stor (högst 10 MB).',
  tooManyPhotos: (max) => `Du kan lägga till högst ${max} bilder.`,
  photosRejectedTitle: 'Alla bilder kunde inte läggas till',
  photoAdded: 'Bilden har lagts till.',

  contactIntro:
    'Kontaktuppgifterna är frivilliga. Staden använder dem endast för att sköta den här anmälan, och de visas aldrig offentligt.',
  contactSignedIn: (name) => `Du är inloggad som ${name}: anmälan syns bland dina anmälningar.`,
  contactSignedOut:
    'Du är inte inloggad. Efter att du skickat anmälan får du en spårningslänk. Om du loggar in syns anmälan bland dina anmälningar.',
  contactNameLabel: 'Namn',
  contactEmailLabel: 'E-postadress',
  contactPhoneLabel: 'Telefonnummer',
  showNameLabel: 'Mitt namn får visas offentligt med anmälan',
  showNameHelp: 'E-postadressen och telefonnumret visas aldrig.',
  errorEmail: 'E-postadressen är ogiltig.',
  errorPhone: 'Telefonnumret är ogiltigt.',

  summaryCategory: 'Kategori',
  summaryLocation: 'Position',
  summaryAddress: 'Adress eller plats',
  summaryTitle: 'Rubrik',
  summaryDescription: 'Beskrivning',
  summaryPhotos: 'Bilder',
  summaryContact: 'Kontaktuppgifter',
  summaryShowName: 'Namnet offentligt',
  notGiven: 'Inte angivet',
  deviceLocation: (lat, lon) => `Enhetens position (${lat}, ${lon})`,
  addressLocation: (lat, lon) => `Adressens position (${lat}, ${lon})`,
  photosCount: (n) => (n === 1 ? '1 bild' : `${n} bilder`),
  sendReport: 'Skicka anmälan',
  sendOfflineNote: 'Du är offline. Anmälan sparas på den här enheten och skickas automatiskt när förbindelsen är tillbaka.',
  sendAnonymousNote: 'Du skickar anmälan utan att logga in. Du får en spårningslänk där du kan följa behandlingen.',

  outboxState: { waiting: 'Väntar på att skickas', sending: 'Skickas…', sent: 'Skickad', failed: 'Kunde inte skickas' },
  waitingOffline: 'Enheten är offline. Anmälan är sparad på den här enheten och skickas automatiskt när förbindelsen är tillbaka.',
  waitingRetry: 'Servern kunde inte nås. Anmälan är sparad och skickas automatiskt på nytt.',
  waitingSignIn: (name) => `Logga in som ${name} så skickas anmälan.`,
  sendingNow: 'Anmälan skickas…',
  sentNumber: (n) => `Anmälan har tagits emot med nummer ${n}.`,
  failedTitle: 'Anmälan kunde inte skickas',
  failedGeneric: 'Tjänsten godkände inte anmälan. Försök igen senare eller ta bort den.',
  editReport: 'Rätta anmälan',
  photosDropped: (n) => (n === 1 ? '1 bild lämnades bort eftersom den inte godkändes.' : `${n} bilder lämnades bort eftersom de inte godkändes.`),
  trackingHeading: 'Spårningslänk',
  trackingIntro:
    'Spara den här länken: med den kan du följa hur anmälan behandlas. Länken finns också sparad bland anmälningarna på den här enheten.',
  trackingLinkLabel: 'Anmälans spårningslänk',
  copyLink: 'Kopiera länken',
  linkCopied: 'Länken har kopierats.',
  copyManually: 'Kopiera länken från fältet.',
  openTracking: 'Öppna spårningssidan',
  viewRequest: 'Visa anmälan',
  sendNow: 'Försök nu',
  deleteReport: (label) => `Ta bort anmälan: ${label}`,
  deleteLabel: 'Ta bort',
  reportDeleted: 'Anmälan har tagits bort från den här enheten.',
  newReport: 'Gör en ny anmälan',
  notOnThisDevice: 'Anmälan finns inte på den här enheten.',
  queuedAnnouncement: 'Anmälan är sparad och skickas när förbindelsen är tillbaka.',
  sentAnnouncement: 'Anmälan har skickats.',
  savedAt: (when) => `Sparad ${when}`,

  myReportsTitle: 'Mina anmälningar',
  deviceHeading: 'På den här enheten',
  deviceIntro: 'Anmälningar som inte har skickats ännu och anmälningar gjorda utan inloggning, med sina spårningslänkar.',
  noDeviceReports: 'Det finns inga oskickade anmälningar på den här enheten.',
  mineHeading: 'Anmälningar jag gjort',
  noMine: 'Du har inte gjort några anmälningar ännu.',
  followedHeading: 'Anmälningar jag följer',
  noFollowed: 'Du följer inga anmälningar ännu.',
  signInForMine: 'Logga in för att se anmälningar du gjort och följer.',
  reportedOn: (date) => `Anmäld ${date}`,
  requestNumber: (n) => `Nr ${n}`,
  sentAnonymously: 'Skickad utan inloggning',

  statusUpdatedLive: (status) => `Statusen uppdaterades: ${status}.`,
  status: {
    RECEIVED: 'Mottagen',
    IN_HANDLING: 'Under behandling',
    RESOLVED: 'Löst',
    CLOSED_WITHOUT_ACTION: 'Stängd utan åtgärder',
    REJECTED: 'Avvisad',
    DUPLICATE: 'Dubblett',
  },
  eventKind: {
    CREATED: 'Anmälan mottagen',
    STATUS: 'Statusen ändrades',
    NOTE: 'Meddelande',
    ALLOCATED: 'Skickad för behandling',
    MERGED: 'Sammanslagen med en annan anmälan',
    REOPENED: 'Öppnad på nytt',
  },

  requestFallbackTitle: 'Anmälan',
  summaryNumber: 'Nummer',
  summaryReported: 'Anmäld',
  summaryUpdated: 'Uppdaterad',
  summaryPlace: 'Plats',
  summaryDepartment: 'Behandlas av',
  summaryReporter: 'Anmälare',
  descriptionHeading: 'Beskrivning',
  photosHeading: 'Bilder',
  timelineHeading: 'Behandlingens skeden',
  photoAlt: (n, total) => `Anmälans bild ${n} av ${total}`,
  follow: 'Följ anmälan',
  unfollow: 'Sluta följa',
  followHelp: 'När du följer anmälan får du veta när behandlingen går framåt.',
  followedNotice: 'Du följer nu den här anmälan.',
  unfollowedNotice: 'Du följer inte längre den här anmälan.',
  ownReportNote: 'Det här är din egen anmälan: du får veta när behandlingen går framåt.',
  duplicateOf: 'Den här anmälan har slagits ihop med en tidigare anmälan om samma sak.',
  showOriginal: 'Visa den ursprungliga anmälan',
  requestNotFoundTitle: 'Anmälan hittades inte',
  requestNotFoundBody: 'Anmälan finns inte eller är inte offentlig.',
  trackNote: 'Det här är spårningssidan för din anmälan. Spara länken: den är det enda sättet att återvända till anmälan utan inloggning.',
  trackNotFoundTitle: 'Spårningslänken gäller inte',
  trackNotFoundBody:
    'Länken är felaktig eller har gått ut. Om anmälan skickades på nytt från samma enhet, använd den senaste länken (Mina anmälningar).',

  nearbyTitle: 'Anmälningar nära dig',
  nearbyScreenIntro: 'Öppna anmälningar inom 200 meter från de senaste 30 dagarna, de närmaste först.',
  nearbyCategoryLabel: 'Kategori',
  allCategories: 'Alla kategorier',
  nearbyNeedsLocation: 'Anmälningarna i närheten söks utifrån enhetens position. Positionen sparas inte.',
  nearbyNone: 'Det finns inga öppna anmälningar i den här kategorin nära dig.',
  nearbyFound: (n) => (n === 1 ? '1 anmälan nära dig' : `${n} anmälningar nära dig`),
  refreshLocation: 'Uppdatera positionen',
  someCategoriesFailed: 'Alla kategorier kunde inte hämtas. Listan kan vara ofullständig.',
};

const en: ReportMessages = {
  reportLink: 'Report a problem',
  homeReportHeading: 'Noticed a problem in the city?',
  homeReportIntro:
    'Report a dark streetlight, a fallen tree or a full litter bin, for example – even without a connection. You can follow how your report is handled.',
  myReportsLink: 'My reports',
  headerReportsLink: 'Reports',
  nearbyLink: 'Reports near you',
  reportScreenTitle: 'Report a problem',

  stepTitles: {
    category: 'What would you like to report?',
    location: 'Where is it?',
    questions: 'Tell us more',
    description: 'Describe it',
    photos: 'Add photos',
    contact: 'Your contact details',
    review: 'Check and send',
    sent: 'Thank you for your report',
  },
  startOver: 'Start over',
  continuingDraft: 'You are continuing an unfinished report. Your choices are kept on this device.',

  categorySearchLabel: 'Search for a topic',
  categorySearchHelp: 'For example streetlight, tree or bin',
  categoriesFound: (n) => (n === 1 ? '1 topic' : `${n} topics`),
  noCategoryMatch: 'No topic matches. Try another word, or choose “Feedback to the City”.',
  noCategories: 'No topics were found.',
  chosen: 'chosen',

  locationIntro:
    'Tell us the place: use your device’s location, type the address or describe the place – or both. No map needed.',
  locationOptional: 'The place is optional for this topic.',
  useMyLocation: 'Use my location',
  locatingDevice: 'Finding your location…',
  locationFound: (accuracy) =>
    accuracy ? `Your device’s location is saved (accurate to about ${accuracy} m).` : 'Your device’s location is saved.',
  locationDenied: 'The location is not available because permission was not given. Type the address or describe the place.',
  locationUnavailable: 'The location is not available right now. Try again or type the address.',
  locationUnsupported: 'Your device does not tell its location. Type the address or describe the place.',
  locationOutside: 'The location seems to be outside Helsinki. Type the address, or try again on the spot.',
  removeLocation: 'Remove location',
  locationRemoved: 'The location was removed.',
  addressLabel: 'Address or description of the place',
  addressHelp: 'For example Mannerheimintie 10, or “by the pond in Kaisaniemi park”.',
  addressSuggestionsLabel: 'Address suggestions',
  addressSuggestionsFound: (n) => (n === 1 ? '1 address suggestion. Use the arrow keys to choose.' : `${n} address suggestions. Use the arrow keys to choose.`),
  addressSearching: 'Searching addresses…',
  addressNoMatch: 'No address found. You can go on with the address or description you typed.',
  addressSearchUnavailable: 'Address search is not available now. The address you type is sent as written.',
  locationFromAddress: (label) => `Location set from the address ${label}.`,
  errorLocationRequired: 'Use your location or type the address.',
  nearbyHeading: 'Already reported?',
  nearbyIntro: 'There are open reports of the same kind nearby. You can follow one of them instead of making a new report.',
  followInstead: 'Follow this one instead',
  followingThis: 'You follow this report.',
  yourOwnReport: 'Your own report.',
  signInToFollow: 'Sign in to follow',
  checkingNearby: 'Looking for reports nearby…',

  chooseOne: 'Choose one.',
  chooseAny: 'Choose one or more.',
  dateTimeHelp: 'Date and time (Finnish time).',
  errorAnswerDate: (label) => `Give a date and time: ${label}`,
  infoNotes: 'Good to know',

  titleLabel: 'Headline',
  titleHelp: 'In a few words, for example “Streetlight not working”.',
  descriptionLabel: 'Description',
  descriptionHelp: 'What is wrong and where exactly? Please do not write personal information here.',
  charactersLeft: (n) => (n >= 0 ? `${n} characters left` : `${-n} characters too many`),
  errorTextRequired: 'Please write a headline or a description.',
  errorTooLong: (label, max) => `${label}: at most ${max} characters.`,
  errorMarkup: (label) => `${label}: HTML markup (such as <b> or <script>) is not allowed.`,
  errorControl: (label) => `${label}: the text contains characters that cannot be stored.`,

  photosIntro: (max) =>
    `You can add up to ${max} photos (JPEG, PNG, WebP or HEIC, up to 10 MB each). Location and other hidden data are removed from them.`,
  takePhoto: 'Take a photo',
  choosePhotos: 'Choose photos',
  photoListLabel: 'Added photos',
  photoCount: (n, max) => `${n} of ${max} photos added`,
  photoLabel: (n) => `Photo ${n}`,
  uploadingPercent: (p) => `Uploading… ${p}%`,
  uploaded: 'Uploaded',
  photoWaiting: 'Will be uploaded with the report when you are online',
  removePhoto: (n) => `Remove photo ${n}`,
  photoRemoved: 'The photo was removed.',
  photoNotImage: 'The file is not an image.',
  photoTooLarge: 'The photo is too large (at most 10 MB).',
  tooManyPhotos: (max) => `You can add up to ${max} photos.`,
  photosRejectedTitle: 'Some photos could not be added',
  photoAdded: 'The photo was added.',

  contactIntro:
    'Contact details are optional. The City uses them only to handle this report, and they are never shown publicly.',
  contactSignedIn: (name) => `You are signed in as ${name}: the report will be in My reports.`,
  contactSignedOut:
    'You are not signed in. After sending you get a tracking link. If you sign in, the report will be in My reports.',
  contactNameLabel: 'Name',
  contactEmailLabel: 'E-mail address',
  contactPhoneLabel: 'Phone number',
  showNameLabel: 'My name may be shown publicly with the report',
  showNameHelp: 'The e-mail address and phone number are never shown.',
  errorEmail: 'The e-mail address is not valid.',
  errorPhone: 'The phone number is not valid.',

  summaryCategory: 'Topic',
  summaryLocation: 'Location',
  summaryAddress: 'Address or place',
  summaryTitle: 'Headline',
  summaryDescription: 'Description',
  summaryPhotos: 'Photos',
  summaryContact: 'Contact details',
  summaryShowName: 'Name shown publicly',
  notGiven: 'Not given',
  deviceLocation: (lat, lon) => `Device location (${lat}, ${lon})`,
  addressLocation: (lat, lon) => `The address's location (${lat}, ${lon})`,
  photosCount: (n) => (n === 1 ? '1 photo' : `${n} photos`),
  sendReport: 'Send report',
  sendOfflineNote: 'You are offline. The report is saved on this device and sent automatically when the connection returns.',
  sendAnonymousNote: 'You are sending the report without signing in. You will get a tracking link to follow it.',

  outboxState: { waiting: 'Waiting to be sent', sending: 'Sending…', sent: 'Sent', failed: 'Could not be sent' },
  waitingOffline: 'This device is offline. The report is saved here and will be sent automatically when the connection returns.',
  waitingRetry: 'The server could not be reached. The report is saved and will be sent again automatically.',
  waitingSignIn: (name) => `Sign in as ${name} and the report will be sent.`,
  sendingNow: 'Sending the report…',
  sentNumber: (n) => `The report was received with number ${n}.`,
  failedTitle: 'The report could not be sent',
  failedGeneric: 'The service did not accept the report. Try again later, or delete it.',
  editReport: 'Correct the report',
  photosDropped: (n) => (n === 1 ? '1 photo was left out because it was not accepted.' : `${n} photos were left out because they were not accepted.`),
  trackingHeading: 'Tracking link',
  trackingIntro:
    'Keep this link: it lets you follow how the report is handled. It is also saved in My reports on this device.',
  trackingLinkLabel: 'The report’s tracking link',
  copyLink: 'Copy link',
  linkCopied: 'The link was copied.',
  copyManually: 'Copy the link from the field.',
  openTracking: 'Open the tracking page',
  viewRequest: 'View the report',
  sendNow: 'Try now',
  deleteReport: (label) => `Delete report: ${label}`,
  deleteLabel: 'Delete',
  reportDeleted: 'The report was deleted from this device.',
  newReport: 'Make another report',
  notOnThisDevice: 'This report is not on this device.',
  queuedAnnouncement: 'The report is saved and will be sent when the connection returns.',
  sentAnnouncement: 'The report was sent.',
  savedAt: (when) => `Saved ${when}`,

  myReportsTitle: 'My reports',
  deviceHeading: 'On this device',
  deviceIntro: 'Reports not sent yet, and reports made without signing in with their tracking links.',
  noDeviceReports: 'There are no unsent reports on this device.',
  mineHeading: 'Reports I made',
  noMine: 'You have not made any reports yet.',
  followedHeading: 'Reports I follow',
  noFollowed: 'You do not follow any reports yet.',
  signInForMine: 'Sign in to see the reports you made and follow.',
  reportedOn: (date) => `Reported ${date}`,
  requestNumber: (n) => `No. ${n}`,
  sentAnonymously: 'Sent without signing in',

  statusUpdatedLive: (status) => `Status updated: ${status}.`,
  status: {
    RECEIVED: 'Received',
    IN_HANDLING: 'In handling',
    RESOLVED: 'Resolved',
    CLOSED_WITHOUT_ACTION: 'Closed without action',
    REJECTED: 'Rejected',
    DUPLICATE: 'Duplicate',
  },
  eventKind: {
    CREATED: 'Report received',
    STATUS: 'Status changed',
    NOTE: 'Message',
    ALLOCATED: 'Sent for handling',
    MERGED: 'Merged with another report',
    REOPENED: 'Reopened',
  },

  requestFallbackTitle: 'Report',
  summaryNumber: 'Number',
  summaryReported: 'Reported',
  summaryUpdated: 'Updated',
  summaryPlace: 'Place',
  summaryDepartment: 'Handled by',
  summaryReporter: 'Reporter',
  descriptionHeading: 'Description',
  photosHeading: 'Photos',
  timelineHeading: 'Progress',
  photoAlt: (n, total) => `Photo ${n} of ${total} of the report`,
  follow: 'Follow this report',
  unfollow: 'Stop following',
  followHelp: 'Follow it to hear when its handling moves on.',
  followedNotice: 'You now follow this report.',
  unfollowedNotice: 'You no longer follow this report.',
  ownReportNote: 'This is your own report: you will hear when its handling moves on.',
  duplicateOf: 'This report was merged into an earlier report of the same thing.',
  showOriginal: 'Show the original report',
  requestNotFoundTitle: 'Report not found',
  requestNotFoundBody: 'The report does not exist or is not public.',
  trackNote: 'This is the tracking page of your report. Keep the link: it is the only way back to the report without signing in.',
  trackNotFoundTitle: 'The tracking link is not valid',
  trackNotFoundBody:
    'The link is wrong or has expired. If the report was sent again from the same device, use the newest link (My reports).',

  nearbyTitle: 'Reports near you',
  nearbyScreenIntro: 'Open reports within 200 metres from the last 30 days, nearest first.',
  nearbyCategoryLabel: 'Topic',
  allCategories: 'All topics',
  nearbyNeedsLocation: 'Reports nearby are found with your device’s location. The location is not saved.',
  nearbyNone: 'There are no open reports of this topic near you.',
  nearbyFound: (n) => (n === 1 ? '1 report near you' : `${n} reports near you`),
  refreshLocation: 'Update location',
  someCategoriesFailed: 'Not every topic could be fetched. The list may be incomplete.',
};

export const REPORT_MESSAGES: Record<Lang, ReportMessages> = { fi, sv, en };

/** The report texts in the UI language, with the general ones (`t`) and the rest of the i18n context. */
export function useReportText() {
  const i18n = useI18n();
  return { ...i18n, r: REPORT_MESSAGES[i18n.lang] };
}

/** Where asking the device for its location stands ("outside": found, but not in Helsinki). */
export type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'unsupported' | 'outside';

/** What to tell the person about `geo`, or null when there is nothing to say. */
export function geoStateMessage(r: ReportMessages, geo: GeoState): string | null {
  switch (geo) {
    case 'locating':
      return r.locatingDevice;
    case 'denied':
      return r.locationDenied;
    case 'unavailable':
      return r.locationUnavailable;
    case 'unsupported':
      return r.locationUnsupported;
    case 'outside':
      return r.locationOutside;
    default:
      return null;
  }
}

/**
 * The staff's service-request screens (/staff/requests, /staff/requests/:id) in fi, sv and en:
 * `Messages.staffRequests` (messages.ts). Kept in a file of their own so that the keys stay
 * together; a dictionary that misses one does not compile. Status names are the backend's
 * (backend/service_requests/errors.py STATUS_NAMES).
 */
import type { StaffRequestEventKind, StaffRequestStatus } from '../graphql/types.ts';
import type { Lang } from './messages.ts';

export interface StaffRequestMessages {
  link: string;
  forbiddenBody: string;
  statuses: Record<StaffRequestStatus, string>;
  number: (n: number) => string;
  age: (days: number) => string;
  allocatedTo: (who: string) => string;
  notAllocated: string;
  geoDenied: string;
  geoUnavailable: string;

  // The queue
  queueTitle: string;
  queueFound: (n: number) => string;
  filtersHeading: string;
  statusLegend: string;
  statusHelp: string;
  categoryLabel: string;
  allCategories: string;
  areaLabel: string;
  areaHelp: string;
  wholeCity: string;
  districts: Record<string, string>;
  nearMe: string;
  ageLabel: string;
  anyAge: string;
  ages: Record<string, string>;
  allocatedToMe: string;
  applyFilters: string;
  clearFilters: string;
  queueHeading: string;
  oldestFirst: string;
  queueEmpty: string;

  // One request
  requestTitle: string;
  requestHeading: (n: number, title: string) => string;
  notFound: string;
  notInScope: string;
  numberLabel: string;
  departmentLabel: string;
  allocationLabel: string;
  receivedLabel: string;
  updatedLabel: string;
  placeLabel: string;
  onMap: (lat: string, lon: string) => string;
  duplicateOfLabel: string;
  openOriginal: string;
  descriptionHeading: string;
  noDescription: string;
  contactHeading: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  reporterLanguage: string;
  noContact: string;
  photosHeading: string;
  photoAlt: (i: number, n: number) => string;
  noPhotos: string;

  // History
  timelineHeading: string;
  timelineHelp: string;
  eventKinds: Record<StaffRequestEventKind, string>;
  eventCreated: string;
  eventStatus: (status: string) => string;
  eventReopened: (status: string) => string;
  eventAllocatedStatus: (status: string) => string;
  eventMergedInto: string;
  eventMergedHere: string;
  publicNoteLabel: string;
  internalNoteLabel: string;
  noEvents: string;

  // Actions
  actionsHeading: string;
  viewOnly: string;
  refusedTitle: string;
  maxLength: (n: number) => string;
  changeStatusAction: string;
  allocateAction: string;
  duplicateAction: string;
  noteAction: string;
  currentStatus: (status: string) => string;
  newStatusLegend: string;
  reopen: string;
  chooseStatus: string;
  templatesLabel: (status: string) => string;
  templateLanguage: string;
  reportersLanguage: string;
  insertTemplate: (title: string) => string;
  publicNoteField: string;
  publicNoteHelp: string;
  internalNoteField: string;
  internalNoteHelp: string;
  saveStatus: string;
  statusChanged: (status: string) => string;
  allocateHelp: string;
  keepDepartment: string;
  currentMarker: string;
  handlerLegend: string;
  keepHandler: string;
  toMe: (name: string) => string;
  otherPerson: string;
  choosePersonLegend: string;
  choosePerson: string;
  allocateButton: string;
  allocated: string;
  duplicateHelp: string;
  originalLabel: string;
  originalHelp: string;
  originalInvalid: string;
  originalNotFound: (n: number) => string;
  candidatesLabel: (metres: number) => string;
  noCandidates: string;
  chooseOriginal: string;
  chooseOriginalLabel: (n: number, title: string) => string;
  finding: string;
  markDuplicateButton: string;
  markedDuplicate: string;
  internalNoteOnly: string;
  addNoteButton: string;
  noteAdded: string;
}

const fi: StaffRequestMessages = {
  link: 'Ilmoitusten käsittely',
  forbiddenBody: 'Ilmoitusten käsittely on vain osastojen käsittelijöille ja ylläpitäjille.',
  statuses: {
    RECEIVED: 'Vastaanotettu',
    IN_HANDLING: 'Käsittelyssä',
    RESOLVED: 'Ratkaistu',
    CLOSED_WITHOUT_ACTION: 'Suljettu ilman toimenpiteitä',
    REJECTED: 'Hylätty',
    DUPLICATE: 'Päällekkäinen ilmoitus',
  },
  number: (n) => `#${n}`,
  age: (d) => (d === 0 ? 'alle vuorokausi' : d === 1 ? '1 päivä' : `${d} päivää`),
  allocatedTo: (who) => `Kohdennettu: ${who}`,
  notAllocated: 'Ei kohdennettu',
  geoDenied: 'Sijaintia ei saatu, koska lupaa ei annettu. Valitse alue listasta.',
  geoUnavailable: 'Sijaintia ei juuri nyt saatu. Valitse alue listasta tai yritä uudelleen.',

  queueTitle: 'Ilmoitusten käsittely',
  queueFound: (n) => (n === 1 ? '1 ilmoitus' : `${n} ilmoitusta`),
  filtersHeading: 'Rajaa ilmoituksia',
  statusLegend: 'Tila',
  statusHelp: 'Jos mitään ei valita, näytetään avoimet (vastaanotetut ja käsittelyssä olevat).',
  categoryLabel: 'Aihe',
  allCategories: 'Kaikki aiheet',
  areaLabel: 'Alue',
  areaHelp: 'Suurpiirit likimääräisinä suorakulmioina.',
  wholeCity: 'Koko kaupunki',
  districts: {
    southern: 'Eteläinen suurpiiri',
    western: 'Läntinen suurpiiri',
    central: 'Keskinen suurpiiri',
    northern: 'Pohjoinen suurpiiri',
    northeastern: 'Koillinen suurpiiri',
    southeastern: 'Kaakkoinen suurpiiri',
    eastern: 'Itäinen suurpiiri',
    ostersundom: 'Östersundomin suurpiiri',
  },
  nearMe: 'Lähelläni (1 km)',
  ageLabel: 'Ikä',
  anyAge: 'Kaikki',
  ages: {
    day: 'Alle vuorokausi',
    week: 'Enintään 7 päivää',
    month: 'Enintään 30 päivää',
    overWeek: 'Yli 7 päivää',
    overMonth: 'Yli 30 päivää',
    overQuarter: 'Yli 90 päivää',
  },
  allocatedToMe: 'Vain minulle kohdennetut',
  applyFilters: 'Näytä ilmoitukset',
  clearFilters: 'Tyhjennä rajaukset',
  queueHeading: 'Ilmoitukset',
  oldestFirst: 'Vanhin ensin.',
  queueEmpty: 'Rajauksiin sopivia ilmoituksia ei ole.',

  requestTitle: 'Ilmoitus',
  requestHeading: (n, title) => `Ilmoitus ${n}: ${title}`,
  notFound: 'Ilmoitusta ei löytynyt. Se on voitu poistaa, tai linkki on virheellinen.',
  notInScope: 'Tämä ilmoitus ei kuulu osastoihin, joiden ilmoituksia sinä käsittelet.',
  numberLabel: 'Numero',
  departmentLabel: 'Osasto',
  allocationLabel: 'Kohdennettu',
  receivedLabel: 'Vastaanotettu',
  updatedLabel: 'Päivitetty',
  placeLabel: 'Paikka',
  onMap: (lat, lon) => `Kartalla (${lat}, ${lon})`,
  duplicateOfLabel: 'Alkuperäinen ilmoitus',
  openOriginal: 'Avaa alkuperäinen ilmoitus',
  descriptionHeading: 'Kuvaus',
  noDescription: 'Ei kuvausta.',
  contactHeading: 'Ilmoittajan yhteystiedot',
  contactName: 'Nimi',
  contactEmail: 'Sähköposti',
  contactPhone: 'Puhelin',
  reporterLanguage: 'Ilmoittajan kieli',
  noContact: 'Ilmoittaja ei jättänyt yhteystietoja.',
  photosHeading: 'Kuvat',
  photoAlt: (i, n) => `Ilmoituksen kuva ${i}/${n}`,
  noPhotos: 'Ei kuvia.',

  timelineHeading: 'Tapahtumat',
  timelineHelp: 'Vanhin ensin. Sisäiset muistiinpanot näkyvät vain henkilökunnalle.',
  eventKinds: {
    CREATED: 'Ilmoitus vastaanotettu',
    STATUS: 'Tila muutettu',
    NOTE: 'Muistiinpano',
    ALLOCATED: 'Kohdennettu',
    MERGED: 'Yhdistetty',
    REOPENED: 'Avattu uudelleen',
  },
  eventCreated: 'Ilmoitus vastaanotettu',
  eventStatus: (s) => `Tila: ${s}`,
  eventReopened: (s) => `Avattu uudelleen: ${s}`,
  eventAllocatedStatus: (s) => `Kohdennettu, tila: ${s}`,
  eventMergedInto: 'Merkitty päällekkäiseksi ilmoitukseksi',
  eventMergedHere: 'Päällekkäinen ilmoitus yhdistetty tähän',
  publicNoteLabel: 'Julkinen viesti',
  internalNoteLabel: 'Sisäinen muistiinpano',
  noEvents: 'Ei tapahtumia.',

  actionsHeading: 'Toimenpiteet',
  viewOnly: 'Voit katsoa tätä ilmoitusta mutta et muuttaa sitä.',
  refusedTitle: 'Muutosta ei tehty',
  maxLength: (n) => `Enintään ${n} merkkiä.`,
  changeStatusAction: 'Muuta tilaa',
  allocateAction: 'Kohdenna',
  duplicateAction: 'Merkitse päällekkäiseksi',
  noteAction: 'Lisää sisäinen muistiinpano',
  currentStatus: (s) => `Nykyinen tila: ${s}.`,
  newStatusLegend: 'Uusi tila',
  reopen: 'Avaa uudelleen (käsittelyssä)',
  chooseStatus: 'Valitse uusi tila.',
  templatesLabel: (s) => `Vastauspohjat (${s})`,
  templateLanguage: 'Pohjan kieli',
  reportersLanguage: 'ilmoittajan kieli',
  insertTemplate: (title) => `Lisää viestiin: ${title}`,
  publicNoteField: 'Julkinen viesti ilmoittajalle',
  publicNoteHelp: 'Näkyy ilmoittajalle, seuraajille ja kaikille ilmoituksen katsojille.',
  internalNoteField: 'Sisäinen muistiinpano (valinnainen)',
  internalNoteHelp: 'Näkyy vain henkilökunnalle.',
  saveStatus: 'Tallenna tila',
  statusChanged: (s) => `Tila on muutettu: ${s}.`,
  allocateHelp: 'Vastaanotettu ilmoitus siirtyy samalla käsittelyyn.',
  keepDepartment: 'Ei muutosta',
  currentMarker: 'nykyinen',
  handlerLegend: 'Käsittelijä',
  keepHandler: 'Ei muutosta',
  toMe: (name) => `Minä (${name})`,
  otherPerson: 'Joku muu',
  choosePersonLegend: 'Valitse henkilö',
  choosePerson: 'Hae ja valitse henkilö.',
  allocateButton: 'Kohdenna',
  allocated: 'Ilmoitus on kohdennettu.',
  duplicateHelp: 'Ilmoitus yhdistetään alkuperäiseen: sen seuraajat seuraavat jatkossa alkuperäistä.',
  originalLabel: 'Alkuperäisen ilmoituksen numero tai linkki',
  originalHelp: 'Esimerkiksi 123 tai ilmoituksen osoite.',
  originalInvalid: 'Kirjoita alkuperäisen ilmoituksen numero tai linkki.',
  originalNotFound: (n) => `Ilmoitusta ${n} ei löytynyt käsittelemistäsi ilmoituksista.`,
  candidatesLabel: (metres) => `Saman aiheen ilmoituksia enintään ${metres} metrin päässä`,
  noCandidates: 'Lähellä ei ole saman aiheen ilmoituksia.',
  chooseOriginal: 'Valitse',
  chooseOriginalLabel: (n, title) => `Valitse alkuperäiseksi: ${n} ${title}`,
  finding: 'Haetaan ilmoitusta…',
  markDuplicateButton: 'Merkitse päällekkäiseksi',
  markedDuplicate: 'Ilmoitus on merkitty päällekkäiseksi ja yhdistetty alkuperäiseen.',
  internalNoteOnly: 'Sisäinen muistiinpano',
  addNoteButton: 'Lisää muistiinpano',
  noteAdded: 'Muistiinpano on lisätty.',
};

const sv: StaffRequestMessages = {
  link: 'Handläggning av anmälningar',
  forbiddenBody: 'Handläggningen av anmälningar är endast för avdelningarnas handläggare och administratörer.',
  statuses: {
    RECEIVED: 'Mottagen',
    IN_HANDLING: 'Under behandling',
    RESOLVED: 'Löst',
    CLOSED_WITHOUT_ACTION: 'Stängd utan åtgärder',
    REJECTED: 'Avvisad',
    DUPLICATE: 'Dubblett',
  },
  number: (n) => `#${n}`,
  age: (d) => (d === 0 ? 'under ett dygn' : d === 1 ? '1 dag' : `${d} dagar`),
  allocatedTo: (who) => `Tilldelad: ${who}`,
  notAllocated: 'Inte tilldelad',
  geoDenied: 'Platsen kunde inte fås eftersom du inte gav lov. Välj ett område i listan.',
  geoUnavailable: 'Platsen kunde inte fås just nu. Välj ett område i listan eller försök igen.',

  queueTitle: 'Handläggning av anmälningar',
  queueFound: (n) => (n === 1 ? '1 anmälan' : `${n} anmälningar`),
  filtersHeading: 'Avgränsa anmälningarna',
  statusLegend: 'Status',
  statusHelp: 'Om inget väljs visas de öppna (mottagna och under behandling).',
  categoryLabel: 'Kategori',
  allCategories: 'Alla kategorier',
  areaLabel: 'Område',
  areaHelp: 'Stordistrikten som ungefärliga rektanglar.',
  wholeCity: 'Hela staden',
  districts: {
    southern: 'Södra stordistriktet',
    western: 'Västra stordistriktet',
    central: 'Mellersta stordistriktet',
    northern: 'Norra stordistriktet',
    northeastern: 'Nordöstra stordistriktet',
    southeastern: 'Sydöstra stordistriktet',
    eastern: 'Östra stordistriktet',
    ostersundom: 'Östersundoms stordistrikt',
  },
  nearMe: 'Nära mig (1 km)',
  ageLabel: 'Ålder',
  anyAge: 'Alla',
  ages: {
    day: 'Under ett dygn',
    week: 'Högst 7 dagar',
    month: 'Högst 30 dagar',
    overWeek: 'Över 7 dagar',
    overMonth: 'Över 30 dagar',
    overQuarter: 'Över 90 dagar',
  },
  allocatedToMe: 'Endast de som tilldelats mig',
  applyFilters: 'Visa anmälningar',
  clearFilters: 'Töm avgränsningarna',
  queueHeading: 'Anmälningar',
  oldestFirst: 'Äldsta först.',
  queueEmpty: 'Det finns inga anmälningar som passar avgränsningarna.',

  requestTitle: 'Anmälan',
  requestHeading: (n, title) => `Anmälan ${n}: ${title}`,
  notFound: 'Anmälan hittades inte. Den kan ha tagits bort, eller så är länken felaktig.',
  notInScope: 'Den här anmälan hör inte till de avdelningar vars anmälningar du handlägger.',
  numberLabel: 'Nummer',
  departmentLabel: 'Avdelning',
  allocationLabel: 'Tilldelad',
  receivedLabel: 'Mottagen',
  updatedLabel: 'Uppdaterad',
  placeLabel: 'Plats',
  onMap: (lat, lon) => `På kartan (${lat}, ${lon})`,
  duplicateOfLabel: 'Ursprunglig anmälan',
  openOriginal: 'Öppna den ursprungliga anmälan',
  descriptionHeading: 'Beskrivning',
  noDescription: 'Ingen beskrivning.',
  contactHeading: 'Anmälarens kontaktuppgifter',
  contactName: 'Namn',
  contactEmail: 'E-post',
  contactPhone: 'Telefon',
  reporterLanguage: 'Anmälarens språk',
  noContact: 'Anmälaren lämnade inga kontaktuppgifter.',
  photosHeading: 'Bilder',
  photoAlt: (i, n) => `Anmälans bild ${i}/${n}`,
  noPhotos: 'Inga bilder.',

  timelineHeading: 'Händelser',
  timelineHelp: 'Äldsta först. Interna anteckningar syns endast för personalen.',
  eventKinds: {
    CREATED: 'Anmälan mottagen',
    STATUS: 'Status ändrad',
    NOTE: 'Anteckning',
    ALLOCATED: 'Tilldelad',
    MERGED: 'Sammanslagen',
    REOPENED: 'Återöppnad',
  },
  eventCreated: 'Anmälan mottagen',
  eventStatus: (s) => `Status: ${s}`,
  eventReopened: (s) => `Återöppnad: ${s}`,
  eventAllocatedStatus: (s) => `Tilldelad, status: ${s}`,
  eventMergedInto: 'Markerad som dubblett',
  eventMergedHere: 'En dubblett har slagits ihop med den här',
  publicNoteLabel: 'Offentligt meddelande',
  internalNoteLabel: 'Intern anteckning',
  noEvents: 'Inga händelser.',

  actionsHeading: 'Åtgärder',
  viewOnly: 'Du kan se den här anmälan men inte ändra den.',
  refusedTitle: 'Ändringen gjordes inte',
  maxLength: (n) => `Högst ${n} tecken.`,
  changeStatusAction: 'Ändra status',
  allocateAction: 'Tilldela',
  duplicateAction: 'Markera som dubblett',
  noteAction: 'Lägg till en intern anteckning',
  currentStatus: (s) => `Nuvarande status: ${s}.`,
  newStatusLegend: 'Ny status',
  reopen: 'Öppna på nytt (under behandling)',
  chooseStatus: 'Välj en ny status.',
  templatesLabel: (s) => `Svarsmallar (${s})`,
  templateLanguage: 'Mallens språk',
  reportersLanguage: 'anmälarens språk',
  insertTemplate: (title) => `Lägg till i meddelandet: ${title}`,
  publicNoteField: 'Offentligt meddelande till anmälaren',
  publicNoteHelp: 'Syns för anmälaren, följarna och alla som ser anmälan.',
  internalNoteField: 'Intern anteckning (valfri)',
  internalNoteHelp: 'Syns endast för personalen.',
  saveStatus: 'Spara status',
  statusChanged: (s) => `Statusen har ändrats: ${s}.`,
  allocateHelp: 'En mottagen anmälan går samtidigt till behandling.',
  keepDepartment: 'Ingen ändring',
  currentMarker: 'nuvarande',
  handlerLegend: 'Handläggare',
  keepHandler: 'Ingen ändring',
  toMe: (name) => `Jag (${name})`,
  otherPerson: 'Någon annan',
  choosePersonLegend: 'Välj en person',
  choosePerson: 'Sök och välj en person.',
  allocateButton: 'Tilldela',
  allocated: 'Anmälan har tilldelats.',
  duplicateHelp: 'Anmälan slås ihop med den ursprungliga: dess följare följer i fortsättningen den ursprungliga.',
  originalLabel: 'Den ursprungliga anmälans nummer eller länk',
  originalHelp: 'Till exempel 123 eller anmälans adress.',
  originalInvalid: 'Skriv den ursprungliga anmälans nummer eller länk.',
  originalNotFound: (n) => `Anmälan ${n} hittades inte bland de anmälningar du handlägger.`,
  candidatesLabel: (metres) => `Anmälningar i samma kategori högst ${metres} meter bort`,
  noCandidates: 'Det finns inga anmälningar i samma kategori i närheten.',
  chooseOriginal: 'Välj',
  chooseOriginalLabel: (n, title) => `Välj som ursprunglig: ${n} ${title}`,
  finding: 'Anmälan söks…',
  markDuplicateButton: 'Markera som dubblett',
  markedDuplicate: 'Anmälan har markerats som dubblett och slagits ihop med den ursprungliga.',
  internalNoteOnly: 'Intern anteckning',
  addNoteButton: 'Lägg till anteckningen',
  noteAdded: 'Anteckningen har lagts till.',
};

const en: StaffRequestMessages = {
  link: 'Service requests',
  forbiddenBody: 'Handling service requests is for department handlers and administrators only.',
  statuses: {
    RECEIVED: 'Received',
    IN_HANDLING: 'In handling',
    RESOLVED: 'Resolved',
    CLOSED_WITHOUT_ACTION: 'Closed without action',
    REJECTED: 'Rejected',
    DUPLICATE: 'Duplicate',
  },
  number: (n) => `#${n}`,
  age: (d) => (d === 0 ? 'under a day' : d === 1 ? '1 day' : `${d} days`),
  allocatedTo: (who) => `Allocated: ${who}`,
  notAllocated: 'Not allocated',
  geoDenied: 'Your location could not be used because permission was not given. Choose an area from the list.',
  geoUnavailable: 'Your location is not available right now. Choose an area from the list or try again.',

  queueTitle: 'Service requests',
  queueFound: (n) => (n === 1 ? '1 request' : `${n} requests`),
  filtersHeading: 'Filter the requests',
  statusLegend: 'Status',
  statusHelp: 'With none chosen, the open ones are shown (received and in handling).',
  categoryLabel: 'Category',
  allCategories: 'All categories',
  areaLabel: 'Area',
  areaHelp: 'The major districts as approximate boxes.',
  wholeCity: 'The whole city',
  districts: {
    southern: 'Southern district',
    western: 'Western district',
    central: 'Central district',
    northern: 'Northern district',
    northeastern: 'North-eastern district',
    southeastern: 'South-eastern district',
    eastern: 'Eastern district',
    ostersundom: 'Östersundom district',
  },
  nearMe: 'Near me (1 km)',
  ageLabel: 'Age',
  anyAge: 'Any',
  ages: {
    day: 'Under a day',
    week: 'Up to 7 days',
    month: 'Up to 30 days',
    overWeek: 'Over 7 days',
    overMonth: 'Over 30 days',
    overQuarter: 'Over 90 days',
  },
  allocatedToMe: 'Only those allocated to me',
  applyFilters: 'Show requests',
  clearFilters: 'Clear the filters',
  queueHeading: 'Requests',
  oldestFirst: 'Oldest first.',
  queueEmpty: 'No requests match the filters.',

  requestTitle: 'Service request',
  requestHeading: (n, title) => `Request ${n}: ${title}`,
  notFound: 'The request was not found. It may have been removed, or the link is wrong.',
  notInScope: 'This request is not in the departments whose requests you handle.',
  numberLabel: 'Number',
  departmentLabel: 'Department',
  allocationLabel: 'Allocated',
  receivedLabel: 'Received',
  updatedLabel: 'Updated',
  placeLabel: 'Place',
  onMap: (lat, lon) => `On the map (${lat}, ${lon})`,
  duplicateOfLabel: 'Original request',
  openOriginal: 'Open the original request',
  descriptionHeading: 'Description',
  noDescription: 'No description.',
  contactHeading: "Reporter's contact details",
  contactName: 'Name',
  contactEmail: 'E-mail',
  contactPhone: 'Phone',
  reporterLanguage: "Reporter's language",
  noContact: 'The reporter left no contact details.',
  photosHeading: 'Photos',
  photoAlt: (i, n) => `Photo ${i} of ${n} of the request`,
  noPhotos: 'No photos.',

  timelineHeading: 'History',
  timelineHelp: 'Oldest first. Internal notes are shown to staff only.',
  eventKinds: {
    CREATED: 'Request received',
    STATUS: 'Status changed',
    NOTE: 'Note',
    ALLOCATED: 'Allocated',
    MERGED: 'Merged',
    REOPENED: 'Reopened',
  },
  eventCreated: 'Request received',
  eventStatus: (s) => `Status: ${s}`,
  eventReopened: (s) => `Reopened: ${s}`,
  eventAllocatedStatus: (s) => `Allocated, status: ${s}`,
  eventMergedInto: 'Marked a duplicate',
  eventMergedHere: 'A duplicate was merged into this one',
  publicNoteLabel: 'Public note',
  internalNoteLabel: 'Internal note',
  noEvents: 'No history.',

  actionsHeading: 'Actions',
  viewOnly: 'You can view this request but not change it.',
  refusedTitle: 'Nothing was changed',
  maxLength: (n) => `At most ${n} characters.`,
  changeStatusAction: 'Change the status',
  allocateAction: 'Allocate',
  duplicateAction: 'Mark as a duplicate',
  noteAction: 'Add an internal note',
  currentStatus: (s) => `Current status: ${s}.`,
  newStatusLegend: 'New status',
  reopen: 'Reopen (in handling)',
  chooseStatus: 'Choose the new status.',
  templatesLabel: (s) => `Response templates (${s})`,
  templateLanguage: 'Language of the template',
  reportersLanguage: "reporter's language",
  insertTemplate: (title) => `Add to the note: ${title}`,
  publicNoteField: 'Public note to the reporter',
  publicNoteHelp: 'Shown to the reporter, the followers and everyone who views the request.',
  internalNoteField: 'Internal note (optional)',
  internalNoteHelp: 'Shown to staff only.',
  saveStatus: 'Save the status',
  statusChanged: (s) => `The status has been changed: ${s}.`,
  allocateHelp: 'A received request goes in handling at the same time.',
  keepDepartment: 'No change',
  currentMarker: 'current',
  handlerLegend: 'Handler',
  keepHandler: 'No change',
  toMe: (name) => `Me (${name})`,
  otherPerson: 'Someone else',
  choosePersonLegend: 'Choose a person',
  choosePerson: 'Search for a person and choose them.',
  allocateButton: 'Allocate',
  allocated: 'The request has been allocated.',
  duplicateHelp: 'The request is merged into its original: its followers follow the original from now on.',
  originalLabel: "The original request's number or link",
  originalHelp: "For example 123, or the request's address.",
  originalInvalid: "Write the original request's number or link.",
  originalNotFound: (n) => `Request ${n} was not found among the requests you handle.`,
  candidatesLabel: (metres) => `Requests of the same category within ${metres} metres`,
  noCandidates: 'There are no requests of the same category nearby.',
  chooseOriginal: 'Choose',
  chooseOriginalLabel: (n, title) => `Choose as the original: ${n} ${title}`,
  finding: 'Finding the request…',
  markDuplicateButton: 'Mark as a duplicate',
  markedDuplicate: 'The request has been marked a duplicate and merged into its original.',
  internalNoteOnly: 'Internal note',
  addNoteButton: 'Add the note',
  noteAdded: 'The note has been added.',
};

export const STAFF_REQUEST_MESSAGES: Record<Lang, StaffRequestMessages> = { fi, sv, en };

/**
 * Every UI string in Finnish, Swedish and English. `Messages` lists the keys: a dictionary that
 * misses one (or has one too many) does not compile.
 */
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

  notFoundTitle: 'Page not found',
  notFoundBody: 'The page you are looking for does not exist or has been removed.',
  backToHome: 'To the front page',
};

export const MESSAGES: Record<Lang, Messages> = { fi, sv, en };

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FlashNotice, LiveRegion, OfflineNotice } from './components/common.tsx';
import { Footer, Header, SkipLink } from './components/layout.tsx';
import { applyLang, I18nContext, initialLang, makeI18n, rememberLang, type Lang } from './i18n/index.ts';
import { interceptLinkClicks, useLocation, type Route } from './router.ts';
import { AppointmentScreen } from './screens/AppointmentScreen.tsx';
import { AppointmentsScreen } from './screens/AppointmentsScreen.tsx';
import { BookScreen } from './screens/BookScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { NotFoundScreen } from './screens/NotFoundScreen.tsx';
import { ProfileScreen } from './screens/ProfileScreen.tsx';
import { SearchScreen } from './screens/SearchScreen.tsx';
import { ServiceScreen } from './screens/ServiceScreen.tsx';
import { SignInScreen } from './screens/SignInScreen.tsx';
import { StaffAppointmentsScreen } from './screens/StaffAppointmentsScreen.tsx';
import { StaffRequestQueueScreen } from './screens/StaffRequestQueueScreen.tsx';
import { StaffRequestScreen } from './screens/StaffRequestScreen.tsx';
import { StaffScheduleScreen } from './screens/StaffScheduleScreen.tsx';
import { StaffScreen } from './screens/StaffScreen.tsx';
import { UnitScreen } from './screens/UnitScreen.tsx';
import { MyRequestsScreen } from './screens/MyRequestsScreen.tsx';
import { NearbyRequestsScreen } from './screens/NearbyRequestsScreen.tsx';
import { ReportScreen } from './screens/ReportScreen.tsx';
import { RequestScreen } from './screens/RequestScreen.tsx';
import { TrackRequestScreen } from './screens/TrackRequestScreen.tsx';
import { NotificationsScreen } from './screens/NotificationsScreen.tsx';
import { startNotificationCentre } from './notification-centre.ts';
import { followLanguage, startPush } from './push.ts';
import { startOutbox } from './outbox.ts';
import { startSession } from './session.ts';
import { flashStore, offlineStore } from './store.ts';

function routeKey(route: Route): string {
  switch (route.name) {
    case 'search':
      return `search:${route.q}`;
    case 'service':
    case 'unit':
      return `${route.name}:${route.id}`;
    case 'signIn':
      return `signIn:${route.next ?? ''}`;
    // The steps of one booking (and of changing one) are one screen: its state lives on.
    case 'book':
      return `book:${route.serviceId}`;
    case 'appointment':
      return `appointment:${route.id}`;
    case 'staffRequest':
      return `staffRequest:${route.id}`;
    // The steps of a report are one screen (the draft lives on); one request per screen.
    case 'request':
      return `request:${route.id}`;
    case 'trackRequest':
      return `trackRequest:${route.token}`;
    default:
      return route.name;
  }
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'search':
      return <SearchScreen q={route.q} />;
    case 'service':
      return <ServiceScreen id={route.id} />;
    case 'unit':
      return <UnitScreen id={route.id} />;
    case 'signIn':
      return <SignInScreen next={route.next} />;
    case 'profile':
      return <ProfileScreen />;
    case 'staff':
      return <StaffScreen />;
    case 'book':
      return <BookScreen route={route} />;
    case 'appointments':
      return <AppointmentsScreen />;
    case 'appointment':
      return <AppointmentScreen route={route} />;
    case 'staffAppointments':
      return <StaffAppointmentsScreen route={route} />;
    case 'staffSchedule':
      return <StaffScheduleScreen route={route} />;
    case 'staffRequests':
      return <StaffRequestQueueScreen search={route.search} />;
    case 'staffRequest':
      return <StaffRequestScreen id={route.id} />;
    case 'report':
      return <ReportScreen route={route} />;
    case 'myRequests':
      return <MyRequestsScreen />;
    case 'request':
      return <RequestScreen id={route.id} />;
    case 'trackRequest':
      return <TrackRequestScreen token={route.token} />;
    case 'nearbyRequests':
      return <NearbyRequestsScreen route={route} />;
    case 'notifications':
      return <NotificationsScreen />;
    case 'notFound':
      return <NotFoundScreen />;
  }
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    rememberLang(next);
    setLangState(next);
  }, []);
  useLayoutEffect(() => applyLang(lang), [lang]);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  const langRef = useRef(lang);
  langRef.current = lang;

  const { route, serial } = useLocation();

  useEffect(() => {
    document.addEventListener('click', interceptLinkClicks);
    return () => document.removeEventListener('click', interceptLinkClicks);
  }, []);

  // Who is signed in: once at start (and again when another tab signs in or out).
  useEffect(() => startSession(() => langRef.current), []);

  // Reports waiting on this device go when the connection returns (src/outbox.ts).
  useEffect(() => startOutbox(() => langRef.current), []);

  // Web push on this device (never asks on load) and the unread count of the notification centre.
  useEffect(() => startPush(() => langRef.current), []);
  useEffect(() => startNotificationCentre(() => langRef.current), []);
  useEffect(() => {
    void followLanguage(lang).catch(() => undefined);
  }, [lang]);

  // A new screen: start from the top and move focus to its h1 (not on the first page load).
  useLayoutEffect(() => {
    if (serial === 0) return;
    offlineStore.set(false);
    const flash = flashStore.get();
    if (flash && flash.serial !== serial) flashStore.set(null);
    window.scrollTo(0, 0);
    document.getElementById('page-heading')?.focus();
  }, [serial]);

  return (
    <I18nContext.Provider value={i18n}>
      <SkipLink />
      <Header route={route} path={window.location.pathname + window.location.search} />
      <main id="main" class="site-main" tabIndex={-1}>
        <div class="container">
          <OfflineNotice />
          <FlashNotice />
          <Screen route={route} key={routeKey(route)} />
        </div>
      </main>
      <Footer />
      <LiveRegion />
    </I18nContext.Provider>
  );
}

/**
 * The PWA's GraphQL operations. Each is a named operation in its own file under
 * graphql/operations/ (validated against the schema by the backend's tests), imported as text.
 *
 * Catalogue queries go as GET (the service worker caches them for offline use). Personal queries
 * (`personal: true`) and every mutation go as POST, which the service worker never caches; it
 * also refuses to cache the personal operations by name (PERSONAL_OPERATIONS in src/sw/sw.ts).
 */
import AppointmentTypesDoc from '../../../graphql/operations/AppointmentTypes.graphql?raw';
import AuditLogDoc from '../../../graphql/operations/AuditLog.graphql?raw';
import AvailabilityDoc from '../../../graphql/operations/Availability.graphql?raw';
import BlockTimeDoc from '../../../graphql/operations/BlockTime.graphql?raw';
import BookingDetailDoc from '../../../graphql/operations/BookingDetail.graphql?raw';
import CancelBookingDoc from '../../../graphql/operations/CancelBooking.graphql?raw';
import ConfirmBookingDoc from '../../../graphql/operations/ConfirmBooking.graphql?raw';
import CreateCalendarFeedDoc from '../../../graphql/operations/CreateCalendarFeed.graphql?raw';
import DeleteMyAccountDoc from '../../../graphql/operations/DeleteMyAccount.graphql?raw';
import HoldSlotDoc from '../../../graphql/operations/HoldSlot.graphql?raw';
import HomeCategoriesDoc from '../../../graphql/operations/HomeCategories.graphql?raw';
import MarkAttendanceDoc from '../../../graphql/operations/MarkAttendance.graphql?raw';
import MeDoc from '../../../graphql/operations/Me.graphql?raw';
import MyBookingsDoc from '../../../graphql/operations/MyBookings.graphql?raw';
import MyCalendarFeedDoc from '../../../graphql/operations/MyCalendarFeed.graphql?raw';
import MyDataDoc from '../../../graphql/operations/MyData.graphql?raw';
import RescheduleBookingDoc from '../../../graphql/operations/RescheduleBooking.graphql?raw';
import RevokeCalendarFeedDoc from '../../../graphql/operations/RevokeCalendarFeed.graphql?raw';
import ScopeNamesDoc from '../../../graphql/operations/ScopeNames.graphql?raw';
import SearchServicesDoc from '../../../graphql/operations/SearchServices.graphql?raw';
import SearchUnitsDoc from '../../../graphql/operations/SearchUnits.graphql?raw';
import ServiceDetailDoc from '../../../graphql/operations/ServiceDetail.graphql?raw';
import ServiceUnitsDoc from '../../../graphql/operations/ServiceUnits.graphql?raw';
import SignInOptionsDoc from '../../../graphql/operations/SignInOptions.graphql?raw';
import UnblockTimeDoc from '../../../graphql/operations/UnblockTime.graphql?raw';
import UnitAppointmentsDoc from '../../../graphql/operations/UnitAppointments.graphql?raw';
import UnitAppointmentTypesDoc from '../../../graphql/operations/UnitAppointmentTypes.graphql?raw';
import UnitDaysDoc from '../../../graphql/operations/UnitDays.graphql?raw';
import UnitDetailDoc from '../../../graphql/operations/UnitDetail.graphql?raw';
import UnitResourcesDoc from '../../../graphql/operations/UnitResources.graphql?raw';
import UnitTimeBlocksDoc from '../../../graphql/operations/UnitTimeBlocks.graphql?raw';
import UpdateMyProfileDoc from '../../../graphql/operations/UpdateMyProfile.graphql?raw';
import UsersDoc from '../../../graphql/operations/Users.graphql?raw';
// Service requests (staff): the queue, one request and its actions.
import StaffAddInternalNoteDoc from '../../../graphql/operations/StaffAddInternalNote.graphql?raw';
import StaffAllocateRequestDoc from '../../../graphql/operations/StaffAllocateRequest.graphql?raw';
import StaffChangeRequestStatusDoc from '../../../graphql/operations/StaffChangeRequestStatus.graphql?raw';
import StaffMarkRequestDuplicateDoc from '../../../graphql/operations/StaffMarkRequestDuplicate.graphql?raw';
import StaffRequestCategoriesDoc from '../../../graphql/operations/StaffRequestCategories.graphql?raw';
import StaffRequestDetailDoc from '../../../graphql/operations/StaffRequestDetail.graphql?raw';
import StaffRequestQueueDoc from '../../../graphql/operations/StaffRequestQueue.graphql?raw';
// Service requests (citizen): the report flow, my/followed requests, tracking, nearby.
import ServiceRequestCategoriesDoc from '../../../graphql/operations/ServiceRequestCategories.graphql?raw';
import CreateServiceRequestDoc from '../../../graphql/operations/CreateServiceRequest.graphql?raw';
import ServiceRequestDetailDoc from '../../../graphql/operations/ServiceRequestDetail.graphql?raw';
import ServiceRequestByTokenDoc from '../../../graphql/operations/ServiceRequestByToken.graphql?raw';
import MyServiceRequestsDoc from '../../../graphql/operations/MyServiceRequests.graphql?raw';
import NearbyServiceRequestsDoc from '../../../graphql/operations/NearbyServiceRequests.graphql?raw';
import AddressSuggestionsDoc from '../../../graphql/operations/AddressSuggestions.graphql?raw';
import FollowServiceRequestDoc from '../../../graphql/operations/FollowServiceRequest.graphql?raw';
import UnfollowServiceRequestDoc from '../../../graphql/operations/UnfollowServiceRequest.graphql?raw';
// Notifications: web push and the in-app notification centre.
import VapidPublicKeyDoc from '../../../graphql/operations/VapidPublicKey.graphql?raw';
import RegisterPushSubscriptionDoc from '../../../graphql/operations/RegisterPushSubscription.graphql?raw';
import UnregisterPushSubscriptionDoc from '../../../graphql/operations/UnregisterPushSubscription.graphql?raw';
import MyNotificationsDoc from '../../../graphql/operations/MyNotifications.graphql?raw';
import UnreadNotificationCountDoc from '../../../graphql/operations/UnreadNotificationCount.graphql?raw';
import MarkNotificationsReadDoc from '../../../graphql/operations/MarkNotificationsRead.graphql?raw';
import NotificationPreferencesDoc from '../../../graphql/operations/NotificationPreferences.graphql?raw';
import UpdateNotificationPreferencesDoc from '../../../graphql/operations/UpdateNotificationPreferences.graphql?raw';
// Live updates (subscriptions over a WebSocket: src/live.ts).
import NotificationUpdatesDoc from '../../../graphql/operations/NotificationUpdates.graphql?raw';
import ServiceRequestUpdatesDoc from '../../../graphql/operations/ServiceRequestUpdates.graphql?raw';
import ServiceRequestByTokenUpdatesDoc from '../../../graphql/operations/ServiceRequestByTokenUpdates.graphql?raw';
import type * as R from '../report-types.ts';
import type * as T from './types.ts';

export type OperationKind = 'query' | 'mutation' | 'subscription';

/** An operation's name and text, with its result and variable types attached. */
export interface Operation<TData, TVars> {
  readonly name: string;
  readonly kind: OperationKind;
  /** Reads personal data: sent as POST, never cached. Always true for mutations. */
  readonly personal: boolean;
  readonly document: string;
  /** Type-level only: never set. */
  readonly __types?: (vars: TVars) => TData;
}

function operation<TData, TVars>(
  name: string,
  source: string,
  { kind = 'query', personal = false }: { kind?: OperationKind; personal?: boolean } = {},
): Operation<TData, TVars> {
  // The file must define exactly the operation it is named after.
  if (!new RegExp(`^\\s*${kind}\\s+${name}\\b`, 'm').test(source)) {
    throw new Error(`graphql/operations/${name}.graphql does not define ${kind} ${name}`);
  }
  return { name, kind, personal: personal || kind === 'mutation', document: compact(source) };
}

/** Drop comments and extra whitespace: shorter GET URLs, same meaning. */
function compact(source: string): string {
  return source
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}():,=!$@[\]])\s*/g, '$1')
    .trim();
}

// Catalogue (public, cached for offline use)
export const HomeCategories = operation<T.HomeCategoriesData, T.HomeCategoriesVars>('HomeCategories', HomeCategoriesDoc);
export const SearchServices = operation<T.SearchServicesData, T.SearchServicesVars>('SearchServices', SearchServicesDoc);
export const SearchUnits = operation<T.SearchUnitsData, T.SearchUnitsVars>('SearchUnits', SearchUnitsDoc);
export const ServiceDetail = operation<T.ServiceDetailData, T.ServiceDetailVars>('ServiceDetail', ServiceDetailDoc);
export const ServiceUnits = operation<T.ServiceUnitsData, T.ServiceUnitsVars>('ServiceUnits', ServiceUnitsDoc);
export const UnitDetail = operation<T.UnitDetailData, T.UnitDetailVars>('UnitDetail', UnitDetailDoc);
export const ScopeNames = operation<T.ScopeNamesData, T.ScopeNamesVars>('ScopeNames', ScopeNamesDoc);
export const SignInOptions = operation<T.SignInOptionsData, T.NoVars>('SignInOptions', SignInOptionsDoc);
export const AppointmentTypes = operation<T.AppointmentTypesData, T.AppointmentTypesVars>(
  'AppointmentTypes',
  AppointmentTypesDoc,
);

// Live (POST, never cached): not personal, but free times change by the second.
export const Availability = operation<T.AvailabilityData, T.AvailabilityVars>('Availability', AvailabilityDoc, {
  personal: true,
});

// Personal (POST, never cached)
export const Me = operation<T.MeData, T.NoVars>('Me', MeDoc, { personal: true });
export const MyData = operation<T.MyDataData, T.NoVars>('MyData', MyDataDoc, { personal: true });
export const AuditLog = operation<T.AuditLogData, T.AuditLogVars>('AuditLog', AuditLogDoc, { personal: true });
export const Users = operation<T.UsersData, T.UsersVars>('Users', UsersDoc, { personal: true });
export const UpdateMyProfile = operation<T.UpdateMyProfileData, T.UpdateMyProfileVars>(
  'UpdateMyProfile',
  UpdateMyProfileDoc,
  { kind: 'mutation' },
);
export const DeleteMyAccount = operation<T.DeleteMyAccountData, T.DeleteMyAccountVars>(
  'DeleteMyAccount',
  DeleteMyAccountDoc,
  { kind: 'mutation' },
);

// Appointments (personal: POST, never cached)
export const MyBookings = operation<T.MyBookingsData, T.NoVars>('MyBookings', MyBookingsDoc, { personal: true });
export const BookingDetail = operation<T.BookingDetailData, T.BookingDetailVars>('BookingDetail', BookingDetailDoc, {
  personal: true,
});
export const UnitAppointments = operation<T.UnitAppointmentsData, T.UnitAppointmentsVars>(
  'UnitAppointments',
  UnitAppointmentsDoc,
  { personal: true },
);
export const MyCalendarFeed = operation<T.MyCalendarFeedData, T.NoVars>('MyCalendarFeed', MyCalendarFeedDoc, {
  personal: true,
});
export const HoldSlot = operation<T.HoldSlotData, T.HoldSlotVars>('HoldSlot', HoldSlotDoc, { kind: 'mutation' });
export const ConfirmBooking = operation<T.ConfirmBookingData, T.ConfirmBookingVars>(
  'ConfirmBooking',
  ConfirmBookingDoc,
  { kind: 'mutation' },
);
export const CancelBooking = operation<T.CancelBookingData, T.CancelBookingVars>('CancelBooking', CancelBookingDoc, {
  kind: 'mutation',
});
export const RescheduleBooking = operation<T.RescheduleBookingData, T.RescheduleBookingVars>(
  'RescheduleBooking',
  RescheduleBookingDoc,
  { kind: 'mutation' },
);
export const MarkAttendance = operation<T.MarkAttendanceData, T.MarkAttendanceVars>(
  'MarkAttendance',
  MarkAttendanceDoc,
  { kind: 'mutation' },
);
export const CreateCalendarFeed = operation<T.CreateCalendarFeedData, T.NoVars>(
  'CreateCalendarFeed',
  CreateCalendarFeedDoc,
  { kind: 'mutation' },
);
export const RevokeCalendarFeed = operation<T.RevokeCalendarFeedData, T.NoVars>(
  'RevokeCalendarFeed',
  RevokeCalendarFeedDoc,
  { kind: 'mutation' },
);

// Staff schedules (personal: POST, never cached)
export const UnitResources = operation<T.UnitResourcesData, T.UnitResourcesVars>('UnitResources', UnitResourcesDoc, {
  personal: true,
});
export const UnitAppointmentTypes = operation<T.UnitAppointmentTypesData, T.UnitAppointmentTypesVars>(
  'UnitAppointmentTypes',
  UnitAppointmentTypesDoc,
  { personal: true },
);
export const UnitDays = operation<T.UnitDaysData, T.UnitDaysVars>('UnitDays', UnitDaysDoc, { personal: true });
export const UnitTimeBlocks = operation<T.UnitTimeBlocksData, T.UnitTimeBlocksVars>(
  'UnitTimeBlocks',
  UnitTimeBlocksDoc,
  { personal: true },
);
export const BlockTime = operation<T.BlockTimeData, T.BlockTimeVars>('BlockTime', BlockTimeDoc, { kind: 'mutation' });
export const UnblockTime = operation<T.UnblockTimeData, T.UnblockTimeVars>('UnblockTime', UnblockTimeDoc, {
  kind: 'mutation',
});

// Service requests (staff): every one personal (POST, never cached; PERSONAL_OPERATIONS in src/sw/sw.ts).
export const StaffRequestQueue = operation<T.StaffRequestQueueData, T.StaffRequestQueueVars>(
  'StaffRequestQueue',
  StaffRequestQueueDoc,
  { personal: true },
);
export const StaffRequestCategories = operation<T.StaffRequestCategoriesData, T.NoVars>(
  'StaffRequestCategories',
  StaffRequestCategoriesDoc,
  { personal: true },
);
export const StaffRequestDetail = operation<T.StaffRequestDetailData, T.StaffRequestDetailVars>(
  'StaffRequestDetail',
  StaffRequestDetailDoc,
  { personal: true },
);
export const StaffChangeRequestStatus = operation<T.StaffChangeRequestStatusData, T.StaffChangeRequestStatusVars>(
  'StaffChangeRequestStatus',
  StaffChangeRequestStatusDoc,
  { kind: 'mutation' },
);
export const StaffAllocateRequest = operation<T.StaffAllocateRequestData, T.StaffAllocateRequestVars>(
  'StaffAllocateRequest',
  StaffAllocateRequestDoc,
  { kind: 'mutation' },
);
export const StaffMarkRequestDuplicate = operation<T.StaffMarkRequestDuplicateData, T.StaffMarkRequestDuplicateVars>(
  'StaffMarkRequestDuplicate',
  StaffMarkRequestDuplicateDoc,
  { kind: 'mutation' },
);
export const StaffAddInternalNote = operation<T.StaffAddInternalNoteData, T.StaffAddInternalNoteVars>(
  'StaffAddInternalNote',
  StaffAddInternalNoteDoc,
  { kind: 'mutation' },
);

// Service requests (citizen). Categories are public (GET, saved for offline reporting); the rest
// read personal data or a secret link (POST, never cached); see PERSONAL_OPERATIONS in src/sw/sw.ts.
export const ServiceRequestCategories = operation<R.ServiceRequestCategoriesData, R.NoVars>(
  'ServiceRequestCategories',
  ServiceRequestCategoriesDoc,
);
export const CreateServiceRequest = operation<R.CreateServiceRequestData, R.CreateServiceRequestVars>(
  'CreateServiceRequest',
  CreateServiceRequestDoc,
  { kind: 'mutation' },
);
export const ServiceRequestDetail = operation<R.ServiceRequestDetailData, R.ServiceRequestDetailVars>(
  'ServiceRequestDetail',
  ServiceRequestDetailDoc,
  { personal: true },
);
export const ServiceRequestByToken = operation<R.ServiceRequestByTokenData, R.ServiceRequestByTokenVars>(
  'ServiceRequestByToken',
  ServiceRequestByTokenDoc,
  { personal: true },
);
export const MyServiceRequests = operation<R.MyServiceRequestsData, R.NoVars>('MyServiceRequests', MyServiceRequestsDoc, {
  personal: true,
});
export const NearbyServiceRequests = operation<R.NearbyServiceRequestsData, R.NearbyServiceRequestsVars>(
  'NearbyServiceRequests',
  NearbyServiceRequestsDoc,
  { personal: true },
);
/** POST: typing would otherwise fill the service worker's catalogue cache with prefixes. */
export const AddressSuggestions = operation<R.AddressSuggestionsData, R.AddressSuggestionsVars>(
  'AddressSuggestions',
  AddressSuggestionsDoc,
  { personal: true },
);
export const FollowServiceRequest = operation<R.FollowServiceRequestData, R.FollowVars>(
  'FollowServiceRequest',
  FollowServiceRequestDoc,
  { kind: 'mutation' },
);
export const UnfollowServiceRequest = operation<R.UnfollowServiceRequestData, R.FollowVars>(
  'UnfollowServiceRequest',
  UnfollowServiceRequestDoc,
  { kind: 'mutation' },
);

// Notifications. The VAPID key is public but may rotate: POST, never cached (like the rest,
// which is personal; PERSONAL_OPERATIONS in src/sw/sw.ts).
export const VapidPublicKey = operation<T.VapidPublicKeyData, T.NoVars>('VapidPublicKey', VapidPublicKeyDoc, {
  personal: true,
});
export const RegisterPushSubscription = operation<T.RegisterPushSubscriptionData, T.RegisterPushSubscriptionVars>(
  'RegisterPushSubscription',
  RegisterPushSubscriptionDoc,
  { kind: 'mutation' },
);
export const UnregisterPushSubscription = operation<
  T.UnregisterPushSubscriptionData,
  T.UnregisterPushSubscriptionVars
>('UnregisterPushSubscription', UnregisterPushSubscriptionDoc, { kind: 'mutation' });
export const MyNotifications = operation<T.MyNotificationsData, T.MyNotificationsVars>(
  'MyNotifications',
  MyNotificationsDoc,
  { personal: true },
);
export const UnreadNotificationCount = operation<T.UnreadNotificationCountData, T.NoVars>(
  'UnreadNotificationCount',
  UnreadNotificationCountDoc,
  { personal: true },
);
export const MarkNotificationsRead = operation<T.MarkNotificationsReadData, T.MarkNotificationsReadVars>(
  'MarkNotificationsRead',
  MarkNotificationsReadDoc,
  { kind: 'mutation' },
);
export const NotificationPreferences = operation<T.NotificationPreferencesData, T.NoVars>(
  'NotificationPreferences',
  NotificationPreferencesDoc,
  { personal: true },
);
export const UpdateNotificationPreferences = operation<
  T.UpdateNotificationPreferencesData,
  T.UpdateNotificationPreferencesVars
>('UpdateNotificationPreferences', UpdateNotificationPreferencesDoc, { kind: 'mutation' });

/** Subscriptions: run by src/live.ts over the WebSocket, never by runQuery. */
export const ServiceRequestUpdates = operation<R.ServiceRequestUpdatesData, R.ServiceRequestDetailVars>(
  'ServiceRequestUpdates',
  ServiceRequestUpdatesDoc,
  { kind: 'subscription', personal: true },
);
export const ServiceRequestByTokenUpdates = operation<
  R.ServiceRequestByTokenUpdatesData,
  R.ServiceRequestByTokenVars
>('ServiceRequestByTokenUpdates', ServiceRequestByTokenUpdatesDoc, { kind: 'subscription', personal: true });
export const NotificationUpdates = operation<T.NotificationUpdatesData, Record<string, never>>(
  'NotificationUpdates',
  NotificationUpdatesDoc,
  { kind: 'subscription', personal: true },
);

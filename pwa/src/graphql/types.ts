/**
 * Result and variable types of the PWA's operations (graphql/operations/*.graphql), written by
 * hand to match the selections there and the contract (graphql/CONTRACT-DRAFT.md).
 */

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<TNode> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: TNode }[];
}

export interface LocationInput {
  lat: number;
  lon: number;
}

// HomeCategories
export interface HomeService {
  id: string;
  name: string;
  unitCount: number;
}
export interface HomeCategory {
  id: string;
  name: string;
  description: string | null;
  icon: string;
  services: HomeService[];
}
export interface HomeCategoriesData {
  serviceCategories: HomeCategory[];
}
export type HomeCategoriesVars = Record<string, never>;

// SearchServices
export interface ServiceHit {
  id: string;
  name: string;
  unitCount: number;
  category: { id: string; name: string };
}
export interface SearchServicesData {
  services: Connection<ServiceHit>;
}
export interface SearchServicesVars {
  search: string;
  first?: number;
  after?: string | null;
}

// SearchUnits
export interface UnitSummary {
  id: string;
  name: string;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  area: string | null;
  /** Only in ServiceUnits (metres from `near`, null without it). */
  distance?: number | null;
}
export interface SearchUnitsData {
  units: Connection<UnitSummary>;
}
export interface SearchUnitsVars {
  search: string;
  first?: number;
  after?: string | null;
}

// ServiceDetail
export interface ServiceDetailNode {
  __typename: 'Service';
  id: string;
  name: string;
  description: string | null;
  unitCount: number;
  category: { id: string; name: string };
}
export interface ServiceDetailData {
  node: ServiceDetailNode | { __typename: 'Unit' | 'ServiceCategory'; id: string } | null;
}
export interface ServiceDetailVars {
  id: string;
}

// ServiceUnits
export interface ServiceUnitsData {
  units: Connection<UnitSummary & { distance: number | null }>;
}
export interface ServiceUnitsVars {
  serviceId: string;
  first?: number;
  after?: string | null;
  near?: LocationInput | null;
}

// UnitDetail
export interface TimeInterval {
  opens: string;
  closes: string;
}
export interface DayHours {
  date: string;
  weekday: number;
  closed: boolean;
  note: string | null;
  intervals: TimeInterval[];
}
export interface UnitDetailNode {
  __typename: 'Unit';
  id: string;
  name: string;
  description: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  area: string | null;
  location: { lat: number; lon: number } | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  accessibility: string | null;
  services: { id: string; name: string }[];
  openingHours: DayHours[];
}
export interface UnitDetailData {
  node: UnitDetailNode | { __typename: 'Service' | 'ServiceCategory'; id: string } | null;
}
export interface UnitDetailVars {
  id: string;
}

export type NoVars = Record<string, never>;

// Accounts
export type LanguageCode = 'FI' | 'SV' | 'EN';
export type RoleName = 'ADMIN' | 'HANDLER' | 'VIEWER';
export type ScopeType = 'GLOBAL' | 'DEPARTMENT' | 'UNIT' | 'SERVICE';
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'ALREADY_GRANTED'
  | 'LAST_ADMIN'
  | 'THROTTLED'
  | 'BAD_CREDENTIALS'
  | 'BAD_REQUEST'
  | 'HAS_UPCOMING_BOOKING'
  | 'UNKNOWN_SCOPE'
  | 'ALREADY_REVOKED'
  | 'SLOT_TAKEN'
  | 'TOO_LATE_TO_CANCEL'
  | 'OUTSIDE_BOOKING_WINDOW'
  | 'HOLD_EXPIRED'
  | 'QUESTION_MISSING'
  | 'NOT_ALLOWED'
  | 'TIME_HAS_BOOKINGS'
  | 'STRONG_IDENTIFICATION_REQUIRED'
  // Service requests: staff changes
  | 'TRANSITION_NOT_ALLOWED'
  | 'STATUS_CONFLICT';

export interface MutationError {
  code: ErrorCode;
  message: string;
  field: string | null;
}

export interface RoleGrant {
  id: string;
  role: RoleName;
  scopeType: ScopeType;
  scopeId: string | null;
}

// Me
export interface MeUser {
  id: string;
  name: string;
  email: string | null;
  language: LanguageCode;
  signsInWith: string;
  roles: RoleGrant[];
}
export interface Me {
  isStaff: boolean;
  isAdmin: boolean;
  user: MeUser;
}
export interface MeData {
  me: Me | null;
}

// SignInOptions
export interface SignInOptionsData {
  signInOptions: { local: boolean; oidc: boolean };
}

// MyData: the GDPR API's {key, value | children} tree
export interface MyDataData {
  myData: unknown;
}

// UpdateMyProfile
export interface UpdateMyProfileVars {
  input: { name?: string | null; language?: LanguageCode | null };
}
export interface UpdateMyProfileData {
  updateMyProfile: { me: Me | null; errors: MutationError[] };
}

// DeleteMyAccount
export interface DeleteMyAccountVars {
  dryRun: boolean;
}
export interface DeleteMyAccountData {
  deleteMyAccount: { deleted: boolean; errors: MutationError[] };
}

// AuditLog
export interface AuditEvent {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  targetType: string;
  targetId: string;
}
export interface AuditLogData {
  auditLog: Connection<AuditEvent>;
}
export interface AuditLogVars {
  first?: number;
  after?: string | null;
}

// Users
export interface UserSummary {
  id: string;
  name: string;
  email: string | null;
  signsInWith: string;
  roles: RoleGrant[];
}
export interface UsersData {
  users: Connection<UserSummary>;
}
export interface UsersVars {
  search?: string | null;
  first?: number;
  after?: string | null;
}

// ScopeNames
export interface ScopeNode {
  __typename: 'Unit' | 'Service' | 'ServiceCategory' | 'User' | 'RoleGrant';
  id: string;
  name?: string;
}
export interface ScopeNamesData {
  nodes: (ScopeNode | null)[];
}
export interface ScopeNamesVars {
  ids: string[];
}

// Appointments
export interface BookingQuestion {
  key: string;
  /** `text`, `boolean`, `number` or `choice`. */
  type: string;
  required: boolean;
  label: string;
  options: { value: string; label: string }[];
}
export interface BookableUnit {
  id: string;
  name: string;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  location: { lat: number; lon: number } | null;
}
export interface AppointmentTypeNode {
  id: string;
  name: string;
  description: string | null;
  durationMinutes: number;
  horizonDays: number;
  cancelDeadlineMinutes: number;
  questions: BookingQuestion[];
  unit: BookableUnit;
  service: { id: string };
}
export interface AppointmentTypesData {
  appointmentTypes: AppointmentTypeNode[];
}
export interface AppointmentTypesVars {
  serviceId?: string | null;
  unitId?: string | null;
}

export interface Slot {
  /** UTC instants (ISO 8601). */
  startsAt: string;
  endsAt: string;
  seatsLeft: number;
}
export interface AvailabilityData {
  availability: Slot[];
}
export interface AvailabilityVars {
  appointmentTypeId: string;
  /** Local dates (Europe/Helsinki), inclusive, at most 62 days apart. */
  from: string;
  to: string;
}

export type BookingStatus = 'HELD' | 'CONFIRMED' | 'CANCELLED' | 'NO_SHOW' | 'CHECKED_IN' | 'EXPIRED';
export type Answers = Record<string, string | number | boolean>;
export interface Booking {
  id: string;
  status: BookingStatus;
  startsAt: string;
  endsAt: string;
  holdExpiresAt: string | null;
  answers: Answers;
  cancelReason: string | null;
  appointmentType: {
    id: string;
    name: string;
    durationMinutes: number;
    horizonDays: number;
    cancelDeadlineMinutes: number;
    questions: BookingQuestion[];
    unit: BookableUnit & { phone: string | null };
  } | null;
}
export interface MyBookingsData {
  upcoming: Booking[];
  past: Booking[];
}
export interface BookingDetailData {
  node: (Booking & { __typename: 'Booking' }) | { __typename: string } | null;
}
export interface BookingDetailVars {
  id: string;
}
export interface BookingPayload {
  booking: Booking | null;
  errors: MutationError[];
}
export interface HoldSlotVars {
  input: { appointmentTypeId: string; startsAt: string; idempotencyKey: string };
}
export interface HoldSlotData {
  holdSlot: BookingPayload;
}
export interface ConfirmBookingVars {
  input: { bookingId: string; idempotencyKey: string; answers: Answers };
}
export interface ConfirmBookingData {
  confirmBooking: BookingPayload;
}
export interface CancelBookingVars {
  input: { bookingId: string; idempotencyKey: string; reason: string };
}
export interface CancelBookingData {
  cancelBooking: BookingPayload;
}
export interface RescheduleBookingVars {
  input: { bookingId: string; startsAt: string; idempotencyKey: string };
}
export interface RescheduleBookingData {
  rescheduleBooking: BookingPayload;
}
export type AttendanceStatus = 'CHECKED_IN' | 'NO_SHOW';
export interface MarkAttendanceVars {
  input: { bookingId: string; attendance: AttendanceStatus };
}
export interface MarkAttendanceData {
  markAttendance: { booking: { id: string; status: BookingStatus } | null; errors: MutationError[] };
}

// Staff: a unit's appointments
export interface UnitBooking {
  id: string;
  status: BookingStatus;
  startsAt: string;
  endsAt: string;
  answers: Answers;
  cancelReason: string | null;
  customerName: string | null;
  resourceName: string | null;
  appointmentType: {
    id: string;
    name: string;
    questions: Omit<BookingQuestion, 'required'>[];
  } | null;
}
export interface UnitAppointmentsData {
  unitAppointments: UnitBooking[];
}
export interface UnitAppointmentsVars {
  unitId: string;
  from: string;
  to: string;
}

// Calendar subscription
export interface CalendarFeedInfo {
  createdAt: string;
  lastUsedAt: string | null;
}
export interface MyCalendarFeedData {
  myCalendarFeed: CalendarFeedInfo | null;
}
export interface CreateCalendarFeedData {
  createCalendarFeed: { url: string | null; feed: CalendarFeedInfo | null; errors: MutationError[] };
}
export interface RevokeCalendarFeedData {
  revokeCalendarFeed: { errors: MutationError[] };
}

// Staff: a unit's resources, appointment types, days and blocked time
export interface LocalizedText {
  fi: string;
  sv: string;
  en: string;
}
export type ResourceKind = 'DESK' | 'ROOM' | 'PERSON';
export interface ScheduleInterval {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM", Europe/Helsinki; `ends` may be "24:00". */
  starts: string;
  ends: string;
}
export interface ResourceException {
  id: string;
  date: string;
  closed: boolean;
  starts: string | null;
  ends: string | null;
  reason: LocalizedText;
}
export interface StaffResource {
  id: string;
  kind: ResourceKind;
  active: boolean;
  name: LocalizedText;
  weeklySchedule: ScheduleInterval[];
  exceptions: ResourceException[];
}
export interface UnitResourcesData {
  unitResources: StaffResource[];
}
export interface UnitResourcesVars {
  unitId: string;
}

export interface StaffAppointmentType {
  id: string;
  name: LocalizedText;
  durationMinutes: number;
  slotIntervalMinutes: number;
  seats: number;
  minNoticeMinutes: number;
  horizonDays: number;
  cancelDeadlineMinutes: number;
  reminderMinutes: number;
  requiresStrongIdentification: boolean;
  active: boolean;
  resourceIds: string[];
  questions: { key: string }[];
}
export interface UnitAppointmentTypesData {
  unitAppointmentTypes: StaffAppointmentType[];
}
export interface UnitAppointmentTypesVars {
  unitId: string;
}

export interface ResourceDay {
  resourceId: string;
  name: string;
  closed: boolean;
  exception: boolean;
  reason: string | null;
  intervals: { starts: string; ends: string }[];
}
export interface UnitDay {
  date: string;
  weekday: number;
  publicHoliday: boolean;
  holidayName: string | null;
  resources: ResourceDay[];
}
export interface UnitDaysData {
  unitDays: UnitDay[];
}
export interface UnitDaysVars {
  unitId: string;
  /** Local dates (Europe/Helsinki), inclusive, at most 31 days. */
  from: string;
  to: string;
}

export interface TimeBlock {
  id: string;
  resourceId: string;
  /** UTC instants (ISO 8601). */
  startsAt: string;
  endsAt: string;
  reason: string;
}
export interface UnitTimeBlocksData {
  unitTimeBlocks: TimeBlock[];
}
export interface UnitTimeBlocksVars {
  unitId: string;
  /** Local dates (Europe/Helsinki), inclusive, at most 62 days. */
  from: string;
  to: string;
}
export interface BlockTimeVars {
  input: { resourceId: string; startsAt: string; endsAt: string; reason: string };
}
export interface BlockTimeData {
  blockTime: { block: TimeBlock | null; errors: MutationError[] };
}
export interface UnblockTimeVars {
  input: { blockId: string };
}
export interface UnblockTimeData {
  unblockTime: { block: { id: string } | null; errors: MutationError[] };
}

// Staff: service requests (StaffRequest*.graphql, StaffChangeRequestStatus… mutations)
export type StaffRequestStatus =
  | 'RECEIVED'
  | 'IN_HANDLING'
  | 'RESOLVED'
  | 'CLOSED_WITHOUT_ACTION'
  | 'REJECTED'
  | 'DUPLICATE';
export type StaffRequestEventKind = 'CREATED' | 'STATUS' | 'NOTE' | 'ALLOCATED' | 'MERGED' | 'REOPENED';
export interface StaffRequestDepartment {
  id: string;
  name: string;
}
export interface StaffAreaInput {
  south: number;
  west: number;
  north: number;
  east: number;
}
export interface StaffRequestQueueFilter {
  statuses?: StaffRequestStatus[] | null;
  categoryIds?: string[] | null;
  area?: StaffAreaInput | null;
  minAgeDays?: number | null;
  maxAgeDays?: number | null;
  allocatedToMe?: boolean;
}
export interface StaffQueueItem {
  id: string;
  number: number;
  title: string;
  status: StaffRequestStatus;
  createdAt: string;
  address: string | null;
  category: { id: string; name: string };
  allocatedDepartment: StaffRequestDepartment | null;
  allocatedToName: string | null;
}
export interface StaffRequestQueueData {
  staffServiceRequestQueue: Connection<StaffQueueItem>;
}
export interface StaffRequestQueueVars {
  filter: StaffRequestQueueFilter | null;
  first?: number;
  after?: string | null;
}
export interface StaffRequestCategory {
  id: string;
  name: string;
  serviceCode: string;
  department: StaffRequestDepartment;
}
export interface StaffRequestCategoriesData {
  serviceRequestCategories: StaffRequestCategory[];
}
export interface StaffRequestQuestion {
  code: string;
  datatype: string;
  variable: boolean;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}
export interface StaffRequestEvent {
  at: string;
  kind: StaffRequestEventKind;
  status: StaffRequestStatus | null;
  publicNote: string | null;
  internalNote: string | null;
  actorName: string | null;
}
export interface StaffRequestFull {
  id: string;
  number: number;
  title: string;
  description: string;
  address: string | null;
  location: LocationInput | null;
  answers: Record<string, unknown>;
  status: StaffRequestStatus;
  open: boolean;
  createdAt: string;
  updatedAt: string;
  category: StaffRequestCategory & { questions: StaffRequestQuestion[] };
  allocatedDepartment: StaffRequestDepartment | null;
  allocatedToName: string | null;
  duplicateOfId: string | null;
  reporterName: string | null;
  reporterLanguage: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  photos: { id: string; url: string; width: number; height: number }[];
  events: StaffRequestEvent[];
}
export interface StaffResponseTemplate {
  key: string;
  status: StaffRequestStatus;
  title: string;
  text: { fi: string; sv: string; en: string };
}
export interface StaffRequestDetailData {
  serviceRequest: StaffRequestFull | null;
  serviceRequestDepartments: StaffRequestDepartment[];
  serviceRequestTemplates: StaffResponseTemplate[];
}
export interface StaffRequestDetailVars {
  id: string;
}
export interface StaffRequestPayload {
  serviceRequest: { id: string; status: StaffRequestStatus } | null;
  errors: MutationError[];
}
export interface StaffNotes {
  publicNote?: string;
  internalNote?: string;
}
export interface StaffChangeRequestStatusVars {
  input: { id: string; status: StaffRequestStatus; expectedStatus: StaffRequestStatus } & StaffNotes;
}
export interface StaffChangeRequestStatusData {
  changeServiceRequestStatus: StaffRequestPayload;
}
export interface StaffAllocateRequestVars {
  input: { id: string; departmentId?: string | null; userId?: string | null } & StaffNotes;
}
export interface StaffAllocateRequestData {
  allocateServiceRequest: StaffRequestPayload;
}
export interface StaffMarkRequestDuplicateVars {
  input: { id: string; originalId: string } & StaffNotes;
}
export interface StaffMarkRequestDuplicateData {
  markServiceRequestDuplicate: StaffRequestPayload;
}
export interface StaffAddInternalNoteVars {
  input: { id: string; note: string };
}
export interface StaffAddInternalNoteData {
  addInternalNote: StaffRequestPayload;
}

// Notifications: web push and the in-app notification centre
export type NotificationKind = 'REQUEST_STATUS' | 'BOOKING_CONFIRMATION' | 'REMINDER';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['REQUEST_STATUS', 'BOOKING_CONFIRMATION', 'REMINDER'];
export interface VapidPublicKeyData {
  vapidPublicKey: string;
}
export interface RegisterPushSubscriptionVars {
  input: {
    endpoint: string;
    keys: { p256dh: string; auth: string };
    language?: LanguageCode | null;
    trackingToken?: string | null;
  };
}
export interface RegisterPushSubscriptionData {
  registerPushSubscription: {
    subscription: { endpoint: string; language: LanguageCode; vapidPublicKey: string; signedIn: boolean } | null;
    errors: MutationError[];
  };
}
export interface UnregisterPushSubscriptionVars {
  endpoint: string;
}
export interface UnregisterPushSubscriptionData {
  unregisterPushSubscription: { removed: boolean; errors: MutationError[] };
}
export interface AppNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  createdAt: string;
  readAt: string | null;
}
/** NotificationUpdates: the badge's count and the newest notification, after every change. */
export interface NotificationUpdatesData {
  myNotificationsUpdated: { unreadCount: number; latest: AppNotification | null };
}
export interface MyNotificationsData {
  unreadNotificationCount: number;
  myNotifications: Connection<AppNotification>;
}
export interface MyNotificationsVars {
  first?: number;
  after?: string | null;
}
export interface UnreadNotificationCountData {
  unreadNotificationCount: number;
}
export interface MarkNotificationsReadVars {
  input: { ids?: string[] | null; all?: boolean };
}
export interface MarkNotificationsReadData {
  markNotificationsRead: { marked: number; unreadCount: number; errors: MutationError[] };
}
export interface NotificationPreference {
  kind: NotificationKind;
  enabled: boolean;
}
export interface NotificationPreferencesData {
  notificationPreferences: NotificationPreference[] | null;
}
export interface UpdateNotificationPreferencesVars {
  preferences: NotificationPreference[];
}
export interface UpdateNotificationPreferencesData {
  updateNotificationPreferences: { preferences: NotificationPreference[] | null; errors: MutationError[] };
}

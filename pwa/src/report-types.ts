/**
 * Result and variable types of the service-request operations (graphql/operations/
 * ServiceRequest*.graphql, CreateServiceRequest, MyServiceRequests, NearbyServiceRequests,
 * Follow/UnfollowServiceRequest), written by hand to match their selections.
 */
import type { LocationInput, MutationError } from './graphql/types.ts';

export type RequestStatus = 'RECEIVED' | 'IN_HANDLING' | 'RESOLVED' | 'CLOSED_WITHOUT_ACTION' | 'REJECTED' | 'DUPLICATE';
export type RequestEventKind = 'CREATED' | 'STATUS' | 'NOTE' | 'ALLOCATED' | 'MERGED' | 'REOPENED';
export type QuestionDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface RequestMutationError {
  code: string;
  message: string;
  field: string | null;
}

/** A category's question (an Open311 attribute); `variable: false` only informs. */
export interface RequestQuestion {
  code: string;
  datatype: string;
  required: boolean;
  variable: boolean;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

// ServiceRequestCategories
export interface RequestCategory {
  id: string;
  serviceCode: string;
  name: string;
  description: string | null;
  group: string | null;
  keywords: string[];
  locationRequired: boolean;
  questions: RequestQuestion[];
}
export interface ServiceRequestCategoriesData {
  serviceRequestCategories: RequestCategory[];
}
export type NoVars = Record<string, never>;

/** A request's answers by question code: text, a number, a list key or a list of keys. */
export type RequestAnswers = Record<string, string | number | string[]>;

// CreateServiceRequest
export interface CreateServiceRequestInput {
  clientId: string;
  categoryId: string;
  title: string;
  description: string;
  location: LocationInput | null;
  address: string;
  answers: RequestAnswers;
  photoIds: string[];
  contact: { name: string; email: string; phone: string } | null;
  showName: boolean;
}
export interface CreateServiceRequestVars {
  input: CreateServiceRequestInput;
}
export interface CreatedRequest {
  id: string;
  number: number;
  title: string;
  status: RequestStatus;
  createdAt: string;
}
export interface CreateServiceRequestData {
  createServiceRequest: {
    serviceRequest: CreatedRequest | null;
    trackingToken: string | null;
    trackingUrl: string | null;
    resent: boolean;
    errors: RequestMutationError[];
  };
}

// ServiceRequestDetail, ServiceRequestByToken
export interface RequestEvent {
  at: string;
  kind: RequestEventKind;
  status: RequestStatus | null;
  publicNote: string | null;
}
export interface RequestPhoto {
  id: string;
  url: string;
  width: number;
  height: number;
}
export interface RequestDetail {
  id: string;
  number: number;
  title: string;
  description: string;
  address: string | null;
  location: LocationInput | null;
  answers: Record<string, unknown>;
  status: RequestStatus;
  open: boolean;
  createdAt: string;
  updatedAt: string;
  duplicateOfId: string | null;
  reporterName: string | null;
  isMine: boolean;
  followedByMe: boolean;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  category: {
    id: string;
    name: string;
    questions: Pick<RequestQuestion, 'code' | 'datatype' | 'variable' | 'description' | 'values'>[];
  };
  allocatedDepartment: { id: string; name: string } | null;
  photos: RequestPhoto[];
  events: RequestEvent[];
}
export interface ServiceRequestDetailData {
  serviceRequest: RequestDetail | null;
}
/** What ServiceRequestUpdates sends of a request each time it changes. */
export type RequestLiveFields = Pick<
  RequestDetail,
  'id' | 'status' | 'open' | 'updatedAt' | 'duplicateOfId' | 'followedByMe' | 'allocatedDepartment' | 'events'
>;
export interface ServiceRequestUpdatesData {
  serviceRequestUpdated: RequestLiveFields | null;
}
export interface ServiceRequestByTokenUpdatesData {
  serviceRequestByTokenUpdated: RequestLiveFields | null;
}
export interface ServiceRequestDetailVars {
  id: string;
}
export interface ServiceRequestByTokenData {
  serviceRequestByToken: RequestDetail | null;
}
export interface ServiceRequestByTokenVars {
  token: string;
}

// MyServiceRequests
export interface RequestSummary {
  id: string;
  number: number;
  title: string;
  status: RequestStatus;
  open: boolean;
  createdAt: string;
  updatedAt: string;
  address: string | null;
  category: { id: string; name: string };
}
export interface MyServiceRequestsData {
  mine: RequestSummary[];
  followed: RequestSummary[];
}

// NearbyServiceRequests
export interface NearbyRequest {
  distance: number;
  serviceRequest: {
    id: string;
    number: number;
    title: string;
    status: RequestStatus;
    createdAt: string;
    address: string | null;
    isMine: boolean;
    followedByMe: boolean;
    category: { id: string; name: string };
  };
}
export interface NearbyServiceRequestsData {
  nearbyServiceRequests: NearbyRequest[];
}
export interface NearbyServiceRequestsVars {
  near: LocationInput;
  categoryId: string;
}

// AddressSuggestions
export interface AddressSuggestion {
  label: string;
  latitude: number;
  longitude: number;
}
export interface AddressSuggestionsData {
  addressSuggestions: AddressSuggestion[];
}
export interface AddressSuggestionsVars {
  text: string;
  first?: number;
}

// FollowServiceRequest, UnfollowServiceRequest
export interface FollowVars {
  id: string;
}
export interface FollowPayload {
  serviceRequest: { id: string; followedByMe: boolean } | null;
  errors: MutationError[];
}
export interface FollowServiceRequestData {
  followServiceRequest: FollowPayload;
}
export interface UnfollowServiceRequestData {
  unfollowServiceRequest: FollowPayload;
}

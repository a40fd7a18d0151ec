/**
 * The PWA's GraphQL operations. Each is a named operation in its own file under
 * graphql/operations/ (validated against the schema by the backend's tests), imported as text.
 */
import HomeCategoriesDoc from '../../../graphql/operations/HomeCategories.graphql?raw';
import SearchServicesDoc from '../../../graphql/operations/SearchServices.graphql?raw';
import SearchUnitsDoc from '../../../graphql/operations/SearchUnits.graphql?raw';
import ServiceDetailDoc from '../../../graphql/operations/ServiceDetail.graphql?raw';
import ServiceUnitsDoc from '../../../graphql/operations/ServiceUnits.graphql?raw';
import UnitDetailDoc from '../../../graphql/operations/UnitDetail.graphql?raw';
import type * as T from './types.ts';

/** An operation's name and text, with its result and variable types attached. */
export interface Operation<TData, TVars> {
  readonly name: string;
  readonly document: string;
  /** Type-level only: never set. */
  readonly __types?: (vars: TVars) => TData;
}

function operation<TData, TVars>(name: string, source: string): Operation<TData, TVars> {
  // The file must define exactly the operation it is named after.
  if (!new RegExp(`^\\s*query\\s+${name}\\b`, 'm').test(source)) {
    throw new Error(`graphql/operations/${name}.graphql does not define query ${name}`);
  }
  return { name, document: compact(source) };
}

/** Drop comments and extra whitespace: shorter GET URLs, same meaning. */
function compact(source: string): string {
  return source
    .replace(/#[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}():,=!$@[\]])\s*/g, '$1')
    .trim();
}

export const HomeCategories = operation<T.HomeCategoriesData, T.HomeCategoriesVars>('HomeCategories', HomeCategoriesDoc);
export const SearchServices = operation<T.SearchServicesData, T.SearchServicesVars>('SearchServices', SearchServicesDoc);
export const SearchUnits = operation<T.SearchUnitsData, T.SearchUnitsVars>('SearchUnits', SearchUnitsDoc);
export const ServiceDetail = operation<T.ServiceDetailData, T.ServiceDetailVars>('ServiceDetail', ServiceDetailDoc);
export const ServiceUnits = operation<T.ServiceUnitsData, T.ServiceUnitsVars>('ServiceUnits', ServiceUnitsDoc);
export const UnitDetail = operation<T.UnitDetailData, T.UnitDetailVars>('UnitDetail', UnitDetailDoc);

/**
 * The query language: one grammar for hunting, rule queries and every list's search bar.
 * The semantics are written down in docs/semantics.md, section 2.
 */
export type { Bound, Query, QueryNode, Term, Test } from './ast.js';
export type { Catalogue, CatalogueField, FieldType, FieldValue } from './catalogue.js';
export { createCatalogue } from './catalogue.js';
export { eventCatalogue, fields, findField, fieldNames, type FieldDef } from './fields.js';
export { cidrRange, ipKey } from './ip.js';
export {
  actionCatalogue,
  alertCatalogue,
  listCatalogues,
  ruleCatalogue,
  type ActionSearchRecord,
  type AlertSearchRecord,
  type RuleSearchRecord,
} from './list-catalogues.js';
export { parseQuery } from './parser.js';
export { foldAscii } from './pattern.js';
export { compilePredicate } from './predicate.js';
export { QueryError, type QueryProblem } from './query-error.js';
export { compileSql, type SqlFilter, type SqlOptions } from './sql.js';

import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AreaScope } from '../core/area-scope.js';

/**
 * The database's side of `inAreaScope`: a division code read by `code` is one of the scope's, or
 * begins with one of its city prefixes. `code` is a column reference or an expression over one.
 */
export function codeInAreaScope(code: RawBuilder<unknown>, scope: AreaScope): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (scope.codes.length > 0) parts.push(sql<SqlBool>`${code} IN (${sql.join(scope.codes)})`);
  if (scope.cityPrefixes.length > 0) parts.push(sql<SqlBool>`substr(${code}, 1, 4) IN (${sql.join(scope.cityPrefixes)})`);
  return parts.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** An institution code whose registry record's county is within the scope. */
export function registryCountyInAreaScope(institutionCode: RawBuilder<unknown>, scope: AreaScope): RawBuilder<SqlBool> {
  return sql<SqlBool>`${institutionCode} IN (SELECT r.code FROM registry_institution r WHERE ${codeInAreaScope(sql.ref('r.county_code'), scope)})`;
}

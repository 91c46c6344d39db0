/** Words for an alert's facts on its page. Pure. */

/**
 * The group an alert belongs to, as the page names it: null when it has none (a Single
 * Match without aggregation), the whole rule for `*` (aggregated by action), and a group
 * of events without a value for the field for the empty key (docs/semantics.md, section 4).
 */
export function describeGroupKey(groupKey: string | null): string | null {
  if (groupKey === null) return null;
  if (groupKey === '*') return 'The whole rule (aggregated by action)';
  if (groupKey === '') return 'Events without a value for the field';
  return groupKey;
}

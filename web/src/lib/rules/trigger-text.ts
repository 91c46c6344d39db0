import { formatWindow, groupLabels, triggerLabels, type RuleValue } from './rule-form.js';

type TriggerSummary = Pick<RuleValue['trigger'], 'type' | 'count' | 'windowSeconds'>;

/** One line for a rule's trigger: "Time-Window Count Match: 5 in 10 minutes". */
export function describeTrigger(trigger: TriggerSummary): string {
  const label = triggerLabels[trigger.type];
  if (trigger.type === 'COUNT_MATCH' && trigger.count !== null && trigger.windowSeconds !== null) {
    return `${label}: ${trigger.count} in ${formatWindow(trigger.windowSeconds)}`;
  }
  return label;
}

/** One line for a rule's aggregation: "Not aggregated", "By field process.user". */
export function describeGroup(
  aggregate: boolean,
  group: { by: keyof typeof groupLabels; field: string | null } | null,
): string {
  if (!aggregate || !group) return 'Not aggregated';
  return group.by === 'FIELD' ? `By field ${group.field ?? ''}` : groupLabels[group.by];
}

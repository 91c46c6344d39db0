import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { UserNode } from '../users/user.type.js';
import type { ActionRecord } from './action.repository.js';
import { maskSettings } from './action.secrets.js';
import { ActionType, PagerDutySeverity } from './action.settings.js';
import { DeliveryStatus } from './delivery.policy.js';

registerEnumType(ActionType, {
  name: 'ActionType',
  description: 'The channel an action delivers alerts through',
  valuesConfig: {
    EMAIL: { description: 'E-mail over SMTP' },
    SLACK: { description: 'A Slack incoming webhook' },
    PAGERDUTY: { description: 'PagerDuty Events API v2' },
    WEBHOOK: { description: 'An HTTP POST of the alert as JSON (docs/semantics.md, section 6)' },
  },
});
registerEnumType(PagerDutySeverity, { name: 'PagerDutySeverity' });

@ObjectType({ description: 'SMTP settings; the password is never returned' })
export class EmailSettingsNode {
  @Field() host!: string;
  @Field(() => Int) port!: number;
  @Field({ description: 'TLS from the start (port 465); otherwise STARTTLS when offered' })
  secure!: boolean;
  @Field(() => String, { nullable: true }) user!: string | null;
  @Field({ description: 'Whether a password is stored' }) hasPassword!: boolean;
  @Field() from!: string;
  @Field(() => [String]) to!: string[];
}

@ObjectType()
export class SlackSettingsNode {
  @Field({
    description: 'The incoming webhook URL, masked: scheme, host and its last 4 characters',
  })
  url!: string;
}

@ObjectType()
export class PagerDutySeverityMapping {
  @Field({ description: 'A rule severity' }) severity!: string;
  @Field(() => PagerDutySeverity) pagerDutySeverity!: PagerDutySeverity;
}

@ObjectType()
export class PagerDutySettingsNode {
  @Field({ description: 'The Events API v2 endpoint' }) url!: string;
  @Field({ description: 'The integration key, masked: its last 4 characters' })
  routingKey!: string;
  @Field(() => [PagerDutySeverityMapping]) severities!: PagerDutySeverityMapping[];
}

@ObjectType()
export class WebhookHeaderNode {
  @Field() name!: string;
  @Field({ description: 'Masked when the header is secret' }) value!: string;
  @Field() secret!: boolean;
}

@ObjectType()
export class WebhookSettingsNode {
  @Field({ description: 'The URL, masked: scheme, host and its last 4 characters' }) url!: string;
  @Field(() => [WebhookHeaderNode]) headers!: WebhookHeaderNode[];
}

@ObjectType('ActionSettings', {
  description: "An action's channel settings, secrets masked; only the group of `type` is set",
})
export class ActionSettingsNode {
  @Field(() => ActionType) type!: ActionType;
  @Field(() => EmailSettingsNode, { nullable: true }) email!: EmailSettingsNode | null;
  @Field(() => SlackSettingsNode, { nullable: true }) slack!: SlackSettingsNode | null;
  @Field(() => PagerDutySettingsNode, { nullable: true }) pagerDuty!: PagerDutySettingsNode | null;
  @Field(() => WebhookSettingsNode, { nullable: true }) webhook!: WebhookSettingsNode | null;
}

@ObjectType({ description: 'Deliveries through an action, by status' })
export class DeliveryCounts {
  @Field(() => Int) pending!: number;
  @Field(() => Int) success!: number;
  @Field(() => Int) failed!: number;
}

@ObjectType('Action', {
  description: 'A way to deliver alerts: e-mail, Slack, PagerDuty or webhook',
})
export class ActionNode {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ActionType) type!: ActionType;
  @Field(() => ActionSettingsNode) settings!: ActionSettingsNode;
  @Field(() => [ID], { description: 'The rules that deliver their alerts through it' })
  ruleIds!: string[];
  @Field() createdAt!: Date;
  @Field(() => UserNode) createdBy!: UserNode;
  @Field() updatedAt!: Date;
  @Field(() => UserNode) updatedBy!: UserNode;
  @Field(() => Date, {
    nullable: true,
    description: 'Set once deleted: rules no longer use it; its deliveries still name it',
  })
  deletedAt!: Date | null;
}

@ObjectType({ description: 'What a test message through an action ended in' })
export class ActionTestResult {
  @Field(() => DeliveryStatus, { description: 'SUCCESS when the channel accepted the message' })
  status!: DeliveryStatus;
  @Field(() => String, {
    nullable: true,
    description:
      'Why it failed: HTTP status and body excerpt, SMTP reply, connection error, timeout',
  })
  error!: string | null;
}

/** The API shape of an action: every secret masked. */
export function toActionNode(action: ActionRecord): ActionNode {
  const { type, ...masked } = maskSettings(action.settings);
  return {
    id: String(action.id),
    name: action.name,
    type,
    settings: {
      type,
      email: type === ActionType.EMAIL ? (masked as EmailSettingsNode) : null,
      slack: type === ActionType.SLACK ? (masked as SlackSettingsNode) : null,
      pagerDuty: type === ActionType.PAGERDUTY ? (masked as PagerDutySettingsNode) : null,
      webhook: type === ActionType.WEBHOOK ? (masked as WebhookSettingsNode) : null,
    },
    ruleIds: action.ruleIds.map(String),
    createdAt: action.createdAt,
    createdBy: { id: String(action.createdBy.id), name: action.createdBy.name },
    updatedAt: action.updatedAt,
    updatedBy: { id: String(action.updatedBy.id), name: action.updatedBy.name },
    deletedAt: action.deletedAt,
  };
}

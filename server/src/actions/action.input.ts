import { Field, InputType, Int } from 'type-graphql';

import { ActionType, PagerDutySeverity } from './action.settings.js';
import type {
  ActionSettingsInput,
  EmailSettingsInput,
  PagerDutySettingsInput,
  SlackSettingsInput,
  WebhookSettingsInput,
} from './action.settings.js';

@InputType('EmailSettingsInput')
export class EmailSettingsInputType implements EmailSettingsInput {
  @Field() host!: string;
  @Field(() => Int) port!: number;
  @Field(() => Boolean, { nullable: true, description: 'TLS from the start; default false' })
  secure?: boolean | null;
  @Field(() => String, { nullable: true }) user?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Left out on update: the stored one is kept',
  })
  password?: string | null;
  @Field() from!: string;
  @Field(() => [String]) to!: string[];
}

@InputType('SlackSettingsInput')
export class SlackSettingsInputType implements SlackSettingsInput {
  @Field(() => String, {
    nullable: true,
    description: 'The incoming webhook URL; left out on update: the stored one is kept',
  })
  url?: string | null;
}

@InputType()
export class PagerDutySeverityMappingInput {
  @Field() severity!: string;
  @Field(() => PagerDutySeverity) pagerDutySeverity!: PagerDutySeverity;
}

@InputType('PagerDutySettingsInput')
export class PagerDutySettingsInputType implements PagerDutySettingsInput {
  @Field(() => String, { nullable: true, description: 'Default: the PagerDuty Events API v2' })
  url?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The 32-character integration key; left out on update: the stored one is kept',
  })
  routingKey?: string | null;
  @Field(() => [PagerDutySeverityMappingInput], {
    nullable: true,
    description:
      'Overrides of the default mapping (CRITICAL critical, HIGH error, MEDIUM warning, LOW and INFO info)',
  })
  severities?: PagerDutySeverityMappingInput[] | null;
}

@InputType()
export class WebhookHeaderInput {
  @Field() name!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Left out on update: the stored value of the header with this name is kept',
  })
  value?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Store and mask the value as a secret' })
  secret?: boolean | null;
}

@InputType('WebhookSettingsInput')
export class WebhookSettingsInputType implements WebhookSettingsInput {
  @Field(() => String, {
    nullable: true,
    description: 'The http(s) URL; left out on update: the stored one is kept',
  })
  url?: string | null;
  @Field(() => [WebhookHeaderInput], { nullable: true }) headers?: WebhookHeaderInput[] | null;
}

@InputType('ActionSettingsInput', { description: '`type` and the settings group of that type' })
export class ActionSettingsInputType implements ActionSettingsInput {
  @Field(() => ActionType) type!: ActionType;
  @Field(() => EmailSettingsInputType, { nullable: true }) email?: EmailSettingsInputType | null;
  @Field(() => SlackSettingsInputType, { nullable: true }) slack?: SlackSettingsInputType | null;
  @Field(() => PagerDutySettingsInputType, { nullable: true })
  pagerDuty?: PagerDutySettingsInputType | null;
  @Field(() => WebhookSettingsInputType, { nullable: true })
  webhook?: WebhookSettingsInputType | null;
}

@InputType({ description: 'An action to create, or the new state of one to update' })
export class ActionInput {
  @Field() name!: string;
  @Field(() => ActionSettingsInputType) settings!: ActionSettingsInputType;
}

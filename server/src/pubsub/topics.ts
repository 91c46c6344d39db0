/** The topics published to subscribers, each with its payload type in {@link TopicPayloads}. */
export enum Topic {
  AlertTriggered = 'ALERT_TRIGGERED',
  DeliveryUpdated = 'DELIVERY_UPDATED',
  EventsIngested = 'EVENTS_INGESTED',
}

export interface AlertTriggeredPayload {
  alertId: number;
}

export interface DeliveryUpdatedPayload {
  deliveryId: number;
  alertId: number;
  status: string;
}

export interface EventsIngestedPayload {
  /** Ids of the first and last event in the batch. */
  firstId: number;
  lastId: number;
  count: number;
}

export interface TopicPayloads {
  [Topic.AlertTriggered]: AlertTriggeredPayload;
  [Topic.DeliveryUpdated]: DeliveryUpdatedPayload;
  [Topic.EventsIngested]: EventsIngestedPayload;
}

import { NotFoundError, ValidationError } from '../errors.js';
import type { DeliveryStatus } from './delivery.policy.js';
import type {
  DeliveryCountsRecord,
  DeliveryRecord,
  DeliveryRepository,
} from './delivery.repository.js';

const maxFirst = 500;

/** Deliveries as the API reads them; the dispatcher is what writes them. */
export class DeliveryService {
  constructor(private readonly repository: DeliveryRepository) {}

  /** Deliveries newest first, optionally of one alert and in one status. */
  list(filter: { alertId?: number; status?: DeliveryStatus; first: number }) {
    if (!Number.isInteger(filter.first) || filter.first < 1 || filter.first > maxFirst) {
      throw new ValidationError('first', `must be a whole number from 1 to ${maxFirst}`);
    }
    return this.repository.list(filter);
  }

  async get(id: number): Promise<DeliveryRecord> {
    const delivery = await this.repository.find(id);
    if (!delivery) throw new NotFoundError('delivery', id);
    return delivery;
  }

  /** The deliveries of one alert, one per action, oldest first. */
  forAlert(alertId: number): Promise<DeliveryRecord[]> {
    return this.repository.forAlert(alertId);
  }

  countsByAction(actionId: number): Promise<DeliveryCountsRecord> {
    return this.repository.countsByAction(actionId);
  }
}

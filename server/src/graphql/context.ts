import type { UserRecord } from '../users/user.service.js';
import type { Services } from '../services.js';

/** What every resolver receives: the services and the user making the request. */
export interface Context {
  services: Services;
  user: UserRecord;
}

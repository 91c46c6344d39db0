import { NotFoundError } from '../errors.js';

/** The number of an `ID` argument; an id that cannot exist is NotFoundError like a gone one. */
export function parseId(kind: string, id: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2 ** 31 - 1) throw new NotFoundError(kind, id);
  return Number(id);
}

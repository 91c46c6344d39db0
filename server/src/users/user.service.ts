import type { Prisma } from '../store/store.js';

export interface UserRecord {
  id: number;
  name: string;
}

/** The name of the account that owns changes made before sign-in exists. */
export const localUserName = 'local-admin';

/** Users: who created and who last changed each rule and action. */
export class UserService {
  constructor(private readonly prisma: Prisma) {}

  /** The account changes are attributed to, created on first use. */
  async ensure(name: string = localUserName): Promise<UserRecord> {
    return this.prisma.user.upsert({
      where: { name },
      create: { name },
      update: {},
      select: { id: true, name: true },
    });
  }

  async byId(id: number): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { id }, select: { id: true, name: true } });
  }
}

/**
 * How the authorization matrix finds, for each role, a resource inside its scope ("own") and one
 * outside it ("other"; undefined when the role sees everything of that kind). Modules add their
 * resource kinds here and prepare their records in prepareModuleFixtures.
 */
import type { Role } from '../../src/shared/access';
import type { Client, TestApp } from '../helpers';

type Ids = Record<string, string>;
type Resolver = (ids: Ids, role: Role) => { own?: string; other?: string };

const otherRole = (role: Role): Role => (role === 'office' ? 'department' : 'office');

export const RESOURCE_RESOLVERS: Record<string, Resolver> = {
  enterprise: (ids, role) => {
    switch (role) {
      case 'admin':
      case 'office':
        return { own: ids.entConstruction };
      case 'department':
        return { own: ids.entConstruction, other: ids.entHazchemOther };
      case 'street':
        return { own: ids.entStreetOwn, other: ids.entHazchemOther };
      case 'enterprise':
        return { own: ids.entOwnEnterprise, other: ids.entConstruction };
      case 'inspector':
        return { own: ids.entOwnEnterprise, other: ids.entConstruction };
    }
  },
  unit: (ids) => ({ own: ids.anyUnit }),
  user: (ids) => ({ own: ids.someUser }),
  file: (ids, role) => ({ own: ids[`file:${role}`], other: role === 'admin' ? undefined : ids[`file:${otherRole(role)}`] }),
  notification: (ids, role) => ({ own: ids[`notification:${role}`], other: ids[`notification:${otherRole(role)}`] }),
};

/** Records the modules' routes need (created through their services or SQL); returns their ids. */
export async function prepareModuleFixtures(_t: TestApp, _clients: Record<Role, Client>): Promise<Ids> {
  return {};
}

import type { AppModule } from '../../platform/deps';
import { orgRoutes } from './org.routes';
import { prng, seedDemoEnterprises, seedOrganisation } from './org.seed';
import { registerOrgDirectory } from '../../platform/org-directory';
import { forgetOrgLists, orgDirectoryImpl } from './org.repo';

// The platform's users belong to units and enterprises: it reads them through this directory.
registerOrgDirectory(orgDirectoryImpl);

/** Organisation: regions, units, sectors and the enterprise registry. Other modules call these. */
export {
  getEnterprise,
  listEnterprises,
  presentEnterprise,
  requireEnterpriseInScope,
} from './org.service';
export { enterpriseLocationsByIds, enterpriseNamesByIds, enterpriseIdsMatching, enterpriseRegistryGeneration, enterprisePlace, responsibleUnitIds, streetUnits } from './org.repo';
export { unitDirectory } from './org.directory';
// The 失信 flag: inspection registers the provider (it keeps the list and imports org); unregistered = nobody flagged.
export { registerCreditFlags, creditFlagsOf, type CreditFlagsProvider } from './org.hooks';
export { enterpriseScope, findEnterprise, findEnterpriseInScopeByCreditCode, listSectors, listRegions, listUnits, findUnit, findUnitByCode, setEnterpriseRiskLevels } from './org.repo';
export { enterprises, regions, sectors, units } from './org.schema';
export { prng, personName, mobile, type Rng } from './org.seed';

// What other modules join for enterprise names, scoping and ordering (org builds the SQL naming its tables).
export { enterpriseRef, enterprisesInScope, regionRef, sectorRef, lockEnterpriseForDerivation } from './org.repo';

export const orgModule: AppModule = {
  name: 'org',
  description: '组织机构与企业名录（区划、单位、行业领域、统一社会信用代码）',
  routes: orgRoutes,
  async seed(deps, opts) {
    await deps.db.transaction(async (tx) => {
      await seedOrganisation(tx);
      if (opts.level === 'demo') await seedDemoEnterprises(tx, deps.cipher, prng(opts.randomSeed));
    });
    forgetOrgLists(deps.db);
  },
};

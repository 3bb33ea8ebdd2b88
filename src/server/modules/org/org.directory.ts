import type { DbOrTx } from '../../db';
import { UnitDirectory, type UnitKind } from '../../../shared/org/reference';
import { listUnits } from './org.repo';

/**
 * The organisation's units as the plan parser's alias table (the one builder of it): name = short
 * name (区应急管理局), aliases = full name + the registry's aliases; entries keyed by unit code, or by
 * id for callers that store unit ids. Every unit, active or not: a name the review shows as resolved
 * stays resolved at import. Inside a transaction pass the transaction (PGlite has one connection).
 */
export async function unitDirectory(db: DbOrTx, key: 'code' | 'id' = 'code'): Promise<UnitDirectory> {
  const units = await listUnits(db);
  return new UnitDirectory(units.map((u) => ({ code: u[key], name: u.shortName, kind: u.kind as UnitKind, aliases: [u.name, ...u.aliases] })));
}

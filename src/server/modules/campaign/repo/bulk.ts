import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db';

/**
 * Many rows in one statement: the rows travel as one JSON parameter and PostgreSQL unpacks them
 * (jsonb_to_recordset) — far cheaper than tens of thousands of bind parameters. Table and column
 * names come from this file, never from input.
 */
export async function bulkInsert(tx: DbOrTx, table: string, columns: [string, string][], data: Record<string, unknown>[], chunk = 5000): Promise<void> {
  const cols = columns.map(([c]) => `"${c}"`).join(', ');
  const defs = columns.map(([c, t]) => `"${c}" ${t}`).join(', ');
  for (let i = 0; i < data.length; i += chunk) {
    const json = JSON.stringify(data.slice(i, i + chunk));
    await tx.execute(sql`INSERT INTO ${sql.raw(`"${table}"`)} (${sql.raw(cols)}) SELECT ${sql.raw(cols)} FROM jsonb_to_recordset(${json}::jsonb) AS x(${sql.raw(defs)})`);
  }
}

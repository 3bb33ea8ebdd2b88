import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -- --name <what>` writes a new forward-only SQL migration from the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/migrations',
});

/**
 * The server as one ES module: esbuild bundles src/server/main.ts and the sources it imports into
 * dist/server/main.mjs; the packages stay in node_modules. `npm start` (scripts/start.mjs) builds it
 * when a source is newer; `npm run build:server` builds it by hand.
 */
import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = path.join(root, 'dist', 'server', 'main.mjs');

export async function buildServer() {
  const r = await build({
    entryPoints: [path.join(root, 'src', 'server', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    outfile: SERVER_BUNDLE,
    legalComments: 'none',
    logLevel: 'warning',
  });
  mkdirSync(path.dirname(SERVER_BUNDLE), { recursive: true });
  // Written aside and renamed: a start never imports a half-written bundle.
  writeFileSync(`${SERVER_BUNDLE}.${process.pid}.tmp`, r.outputFiles[0].contents);
  renameSync(`${SERVER_BUNDLE}.${process.pid}.tmp`, SERVER_BUNDLE);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) await buildServer();

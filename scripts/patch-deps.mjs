/**
 * A performance patch of an installed package, applied by `npm install` (the prepare step) before the
 * builds. Each patch replaces one exact passage and is skipped, with a warning, when the package's
 * text is not the one it was written for (another version): the package then works as published.
 *
 * drizzle-orm's `is(value, type)` answers "is this an instance of that drizzle class" by walking the
 * value's class chain and comparing each class's entity kind, at every call. Drizzle calls it ten
 * times for each parameter of each statement it builds (prepareTyping) and for every chunk of SQL:
 * in a CPU profile of a first start it was the single most expensive function (0.5–0.9 s) and it is
 * part of every request's query building. The patched version remembers each answer per (the value's
 * prototype, the class asked about) — the published walk depends on nothing else, and drizzle changes
 * no prototype — and answers exactly as before (`test/drizzle-is.test.ts` compares it with the
 * published walk over drizzle's own classes and the schema's tables and columns).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MARK = 'anzhi: memoized class-chain walk';

const PUBLISHED = `function is(value, type) {
  if (!value || typeof value !== "object") {
    return false;
  }`;

// The published function, renamed, is kept whole below the new one: it computes each answer once.
const MEMO = `// ${MARK} (scripts/patch-deps.mjs): the answer depends only on the value's prototype and the
// class asked about (instanceof walks the prototype's chain; the entity kinds are static), so it is
// remembered per (prototype, class). A prototype-less value, or a call that throws, is not remembered.
const isKnown = new WeakMap();
function is(value, type) {
  if (!value || typeof value !== "object") {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === null) {
    return isWalk(value, type);
  }
  let known = isKnown.get(proto);
  if (known === undefined) {
    isKnown.set(proto, known = new Map());
  }
  let answer = known.get(type);
  if (answer === undefined) {
    answer = isWalk(value, type);
    known.set(type, answer);
  }
  return answer;
}
function isWalk(value, type) {
  if (!value || typeof value !== "object") {
    return false;
  }`;

export function patchDrizzleIs(dir = path.join(root, 'node_modules', 'drizzle-orm')) {
  const out = [];
  for (const file of ['entity.js', 'entity.cjs']) {
    const p = path.join(dir, file);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    if (text.includes(MARK)) {
      out.push(`${file}: already patched`);
      continue;
    }
    if (text.split(PUBLISHED).length !== 2) {
      console.warn(`patch-deps: drizzle-orm/${file} is not the text the patch was written for; left as published`);
      out.push(`${file}: skipped`);
      continue;
    }
    writeFileSync(p, text.replace(PUBLISHED, MEMO));
    out.push(`${file}: patched`);
  }
  return out;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  for (const line of patchDrizzleIs()) console.log(`patch-deps: drizzle-orm/${line}`);
}

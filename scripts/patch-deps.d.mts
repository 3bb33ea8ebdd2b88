// Types of scripts/patch-deps.mjs (plain JavaScript: npm's prepare step runs it before anything is built).
export const MARK: string;
export function patchDrizzleIs(dir?: string): string[];

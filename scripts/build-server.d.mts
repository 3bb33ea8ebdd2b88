// Types of scripts/build-server.mjs (plain JavaScript, so that `npm start` needs no TypeScript loader).
export const SERVER_BUNDLE: string;
export function buildServer(): Promise<void>;

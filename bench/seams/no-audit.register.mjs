import { register } from 'node:module';

register('./no-audit.hooks.mjs', import.meta.url);

import { register } from 'node:module';

register('./no-kept-pages.hooks.mjs', import.meta.url);

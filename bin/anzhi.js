#!/usr/bin/env node
// `npx anzhi …`: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/anzhi.ts');

import type { AppModule } from '../platform/deps';
import { orgModule } from './org';

/**
 * Every domain module, in seed order (org first: the others attach to its units and enterprises).
 * A new module adds one line here.
 */
export const MODULES: AppModule[] = [orgModule];

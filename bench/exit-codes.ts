/** Exit code of a bench script run with `--check` when a figure is below its target. */
export const BELOW_TARGET_EXIT = 3;

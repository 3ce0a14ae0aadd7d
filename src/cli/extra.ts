import type { CliIO } from './run.js';

/** Commands added by later modules (ask, broadcast, stats, audit). */
export const extraCommands: Record<string, (args: string[], io: CliIO) => Promise<number>> = {};

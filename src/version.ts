import pkg from '../package.json' with { type: 'json' };

/** The version in package.json, bundled into dist/ at build time (/healthz, /metrics, --version). */
export const VERSION: string = pkg.version;

/**
 * The architecture, checked (`npm run lint`, in CI): rules ← handlers ← src, nothing running back
 * up, no platform or I/O library below src/, no import loop, and production code never reaching
 * into test/ or bench/.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import loop makes load order matter and the layering unreadable.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment: 'rules/ is the engine: it depends on nothing of ours above it.',
      from: { path: '^rules/' },
      to: { path: '^(handlers|src|test|bench|doubles)/' },
    },
    {
      name: 'handlers-below-src',
      severity: 'error',
      comment: 'handlers/ is platform-free: it may use rules/, never src/.',
      from: { path: '^handlers/' },
      to: { path: '^(src|test|bench|doubles)/' },
    },
    {
      name: 'no-platform-below-src',
      severity: 'error',
      comment:
        'Below src/ only pure libraries: no chat SDK, store, logger, network, file system or clock-bearing module. ' +
        'Allowed npm packages are listed here on purpose.',
      from: { path: '^(rules|handlers)/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'],
        pathNot: '^node_modules/(zod|yaml|ical-generator|fastest-levenshtein)/',
      },
    },
    {
      name: 'production-not-from-tests',
      severity: 'error',
      comment: 'The bot and the CLI never load test code.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|doubles)/' },
    },
    {
      name: 'bench-not-from-tests',
      severity: 'error',
      comment: 'The bench imports the shared doubles (doubles/), never test code.',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    exclude: { path: '^dist/' },
  },
};

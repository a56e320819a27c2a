// The arrows the layout allows (ARCHITECTURE.md, "Arrows"). `npm run check` runs this; a forbidden
// import or an import circle fails it, naming both files.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: split the shared part (often a type) into a file of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'tables-are-plain',
      severity: 'error',
      comment: 'drizzle/ holds table definitions only: it imports nothing of the project outside itself.',
      from: { path: '^drizzle/' },
      to: { path: '^(bin|runtime|gateway|subgraphs|seed|test)/' },
    },
    {
      name: 'runtime-is-the-bottom',
      severity: 'error',
      comment: 'runtime/ is shared by everything, so it imports nothing above it (tables are allowed).',
      from: { path: '^runtime/' },
      to: { path: '^(bin|gateway|subgraphs|seed|test)/' },
    },
    {
      name: 'gateway-knows-no-subgraph-code',
      severity: 'error',
      comment:
        'The gateway meets the subgraphs over HTTP and the supergraph file only, never their code or the seed.',
      from: { path: '^gateway/' },
      to: { path: '^(bin|subgraphs|seed|test)/' },
    },
    {
      name: 'kit-knows-no-subgraph',
      severity: 'error',
      comment: 'subgraphs/kit builds any subgraph and names none of them.',
      from: { path: '^subgraphs/kit/' },
      to: { path: '^subgraphs/(?!kit/)' },
    },
    {
      name: 'subgraphs-stay-apart',
      severity: 'error',
      comment: 'A subgraph never imports another: data crosses domains only through federation.',
      from: { path: '^subgraphs/(population|business|procedures|dossiers|documents)/' },
      to: {
        path: '^subgraphs/(population|business|procedures|dossiers|documents)/',
        pathNot: '^subgraphs/$1/',
      },
    },
    {
      name: 'subgraphs-above-nothing-but-kit-and-runtime',
      severity: 'error',
      comment: 'Subgraph code imports neither the gateway, nor the seed, nor an entry.',
      from: { path: '^subgraphs/' },
      to: { path: '^(bin|gateway|seed|test)/' },
    },
    {
      name: 'seed-is-no-server',
      severity: 'error',
      comment: 'The seed writes tables; it needs no gateway and no entry.',
      from: { path: '^seed/' },
      to: { path: '^(bin|gateway|test)/' },
    },
    {
      name: 'entries-are-leaves',
      severity: 'error',
      comment: 'Nothing imports an entry file in bin/: what two entries share lives in an importable module.',
      from: {},
      to: { path: '^bin/' },
    },
    {
      name: 'test-code-stays-in-test',
      severity: 'error',
      comment: 'Only tests and the bench entry import test/.',
      from: { path: '^(runtime|gateway|subgraphs|seed|drizzle)/' },
      to: { path: '^test/' },
    },
    {
      name: 'declared-dependencies-only',
      severity: 'error',
      comment:
        'Import only what package.json declares (dev dependencies from tests, the bench and tools only).',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'unknown', 'undetermined'] },
    },
    {
      name: 'no-dev-dependency-at-run-time',
      severity: 'error',
      comment: 'A server or the seed imports only production dependencies: `npm ci --omit=dev` must run it.',
      from: { path: '^(runtime|gateway|subgraphs|seed|drizzle)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
    },
    exclude: { path: '^(node_modules|dist|\\.data|test-output)/' },
  },
};

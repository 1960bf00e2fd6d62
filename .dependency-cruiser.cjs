// The layers and who may import whom (README "Layers"). Checked by `npm run lint`
// (scripts/check-layers.mjs, which runs dependency-cruiser on every folder below) and in CI.
// Each layer may import itself and the layers it lists, nothing above: a lower layer that needs
// something from above gets it passed in by the wiring (app/), the only code that imports upward.

/** Bottom to top. `prisma` is the generated database client (prisma/generated, not checked itself). */
const LAYERS = {
  // Deterministic contracts shared by everyone, the browser and the workflow sandbox included.
  domain: { may: [] },
  // Electronic digital signature: CMS, certificate paths, revocation (each check journalled in the database).
  eds: { may: ['domain', 'prisma'] },
  // Infrastructure: configuration, logging, database, Temporal connection, audit log.
  // Only types of workflows, to start one by its name (platform/report-starter.ts).
  platform: { may: ['domain', 'eds', 'prisma'], typesOf: ['workflows'] },
  // File types, storage, conversion (logs through the platform's logger).
  documents: { may: ['domain', 'eds', 'platform', 'prisma'] },
  // The outside systems' clients.
  adapters: { may: ['domain', 'eds', 'platform', 'prisma', 'documents'] },
  // Local servers speaking the outside systems' protocols.
  standins: { may: ['domain', 'eds', 'platform', 'prisma', 'documents', 'adapters'] },
  // Side effects; may name the types of the layers above, never load them.
  activities: { may: ['domain', 'eds', 'platform', 'prisma', 'documents', 'adapters'], typesOf: ['workflows', 'api', 'app'] },
  // Deterministic processes: the sandbox bundles them, so only domain code and activity *types*.
  workflows: { may: ['domain'], typesOf: ['activities'] },
  // HTTP: starts, signals and queries workflows through their definitions.
  api: { may: ['domain', 'eds', 'platform', 'prisma', 'documents', 'adapters', 'activities', 'workflows'] },
  // The wiring: builds everything from its dependencies and starts the processes.
  app: { may: ['domain', 'eds', 'platform', 'prisma', 'documents', 'adapters', 'standins', 'activities', 'workflows', 'api'] },
  // The browser's TypeScript: the shared contracts only.
  'ui/src': { may: ['domain'] },
};

/** Every folder of ours an import can reach (scripts/ and tests/ may import all of them, nothing imports those two). */
const OURS = '^(app|domain|eds|platform|prisma|documents|adapters|standins|activities|workflows|api|ui|scripts|tests)/';
const folders = (names) => `^(${names.map((n) => n.replace('/', '\\/')).join('|')})/`;

const layerRules = Object.entries(LAYERS).flatMap(([layer, { may, typesOf = [] }]) => {
  const below = [layer, ...may];
  const comment = `${layer}/ imports only ${may.length ? may.join(', ') : 'itself'}${typesOf.length ? ` (and types of ${typesOf.join(', ')})` : ''}`;
  return [
    {
      name: `${layer.replace('/', '-')}-imports-below`,
      comment,
      severity: 'error',
      from: { path: folders([layer]) },
      to: { path: OURS, pathNot: folders(below), ...(typesOf.length ? { dependencyTypesNot: ['type-only'] } : {}) },
    },
    ...(typesOf.length
      ? [
          {
            name: `${layer.replace('/', '-')}-types-below`,
            comment,
            severity: 'error',
            from: { path: folders([layer]) },
            to: { path: OURS, pathNot: folders([...below, ...typesOf]), dependencyTypes: ['type-only'] },
          },
        ]
      : []),
  ];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'deterministic-no-node-builtins',
      comment: 'domain/ and workflows/ run in the workflow sandbox (and domain/ in the browser): no Node built-ins',
      severity: 'error',
      from: { path: '^(domain|workflows)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to no file (a moved or deleted module)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^(node_modules|prisma/generated)/' },
    // Generated code, recorded histories and the check's own fixture (a deliberate violation).
    exclude: { path: '^(tests/histories|tests/fixtures/layers)/' },
    // Type-only imports count too (marked "type-only", which the rules above tell apart).
    tsPreCompilationDeps: true,
    // Resolve packages the way Node does (their "exports"), so npm imports are not "unresolvable".
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

import { Kind, parse, type ConstDirectiveNode, type EnumValueNode, type StringValueNode } from 'graphql';

/** Directives by which a subgraph's answer depends on who asks. */
const guards = new Set(['requiresScopes', 'authenticated', 'policy']);

const graphArg = (d: ConstDirectiveNode) =>
  (d.arguments?.find((a) => a.name.value === 'graph')?.value as EnumValueNode | undefined)?.value;

/**
 * The subgraphs of a supergraph whose every answer is the same whoever asks: none of the fields or
 * types they resolve carries @requiresScopes, @authenticated or @policy. Only their answers may be
 * shared between callers (the gateway's public cache). The fact comes from each subgraph's own SDL,
 * through the supergraph; each subgraph module also says `public`, and the kit refuses a module whose
 * SDL contradicts it. A field defined in several subgraphs guards each of them.
 */
export function publicSubgraphsOf(supergraphSdl: string): ReadonlySet<string> {
  const document = parse(supergraphSdl);
  const nameOf = new Map<string, string>();
  const guarded = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph')
      for (const value of definition.values ?? []) {
        const name = value.directives
          ?.find((d) => d.name.value === 'join__graph')
          ?.arguments?.find((a) => a.name.value === 'name')?.value as StringValueNode | undefined;
        if (name) nameOf.set(value.name.value, name.value);
      }
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((d) => d.name.value === 'join__type')
      .map(graphArg);
    const typeGuarded = (definition.directives ?? []).some((d) => guards.has(d.name.value));
    for (const field of definition.fields ?? []) {
      const own = (field.directives ?? []).filter((d) => d.name.value === 'join__field').map(graphArg);
      const graphs = own.length ? own : typeGraphs;
      if (typeGuarded || (field.directives ?? []).some((d) => guards.has(d.name.value)))
        for (const graph of graphs) if (graph) guarded.add(graph);
    }
  }
  return new Set([...nameOf].filter(([graph]) => !guarded.has(graph)).map(([, name]) => name));
}

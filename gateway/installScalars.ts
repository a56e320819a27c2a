import { GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { scalarResolvers } from '../runtime/scalars.ts';

/**
 * The supergraph carries custom scalars by name only. Giving the gateway's schema the same parse
 * rules the subgraphs use rejects a malformed personal ID, enterprise code, date or amount at the
 * gateway, with BAD_USER_INPUT, before any subgraph is called.
 */
export function installScalars(schema: GraphQLSchema): void {
  for (const [name, implementation] of Object.entries(scalarResolvers)) {
    const type = schema.getType(name);
    if (type instanceof GraphQLScalarType) {
      type.parseValue = implementation.parseValue;
      type.parseLiteral = implementation.parseLiteral;
    }
  }
}

import { Kind, type ValueNode } from 'graphql';

/** An argument's value where a limit needs it: a number, a list (its nodes) or a variable's value. */
export function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values;
  return undefined;
}

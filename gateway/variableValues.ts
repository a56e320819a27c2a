import { valueFromASTUntyped, type OperationDefinitionNode } from 'graphql';

/**
 * The operation's variables as execution will see them: those sent, and for each one left out, its
 * default from the operation (`query($n: Int = 100)`). A limit that read only the variables sent
 * would take a defaulted `first: $n` as unstated, and charge a page of 100 as a page of 20.
 */
export function variableValues(
  operation: OperationDefinitionNode,
  sent: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...sent };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!Object.hasOwn(values, name) && definition.defaultValue)
      values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return values;
}

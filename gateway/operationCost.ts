import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { argumentValue } from './argumentValue.ts';
import { variableValues } from './variableValues.ts';
import { listLimits } from '../runtime/listLimits.ts';

/** What a list of unstated length (a business's representatives, a dossier's events) is taken to hold. */
export const assumedListLength = 10;

/** What an operation is estimated to cost, and how many public trackDossier lookups it makes. */
export interface OperationCost {
  cost: number;
  trackDossier: number;
}

/**
 * The estimated cost of an operation against a client's budget, from the document, its variables and
 * the schema, before anything runs. Each object (or list of objects) a field returns costs 1, times the
 * number of times it is fetched: a field with `first` stands for that many items (its default when
 * left out), `personalIds` for as many as it lists, any other list for `assumedListLength`; inside a
 * connection the page size already counted, so `nodes` and `edges` multiply by 1. Scalars are free.
 * A lookup of one citizen costs 1; a worklist of 100 with its procedure and applicant about 300.
 * Each fragment is costed once and remembered: the walk is linear in the document.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  sent: Record<string, unknown>,
): OperationCost {
  const variables = variableValues(operation, sent);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const costed = new Map<string, OperationCost>();

  const argument = (field: FieldNode, name: string, definition: GraphQLField<unknown, unknown>) => {
    // A variable neither sent nor defaulted in the operation leaves the argument's own default.
    const node = field.arguments?.find((a) => a.name.value === name)?.value;
    const value = node ? argumentValue(node, variables) : undefined;
    return value !== undefined ? value : definition.args.find((a) => a.name === name)?.defaultValue;
  };

  const costOf = (set: SelectionSetNode, type: GraphQLCompositeType): OperationCost => {
    const total: OperationCost = { cost: 0, trackDossier: 0 };
    const add = (part: OperationCost, times = 1) => {
      total.cost += part.cost * times;
      total.trackDossier += part.trackDossier * times;
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) add(costOf(selection.selectionSet, condition));
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (!costed.has(name)) {
          costed.set(name, { cost: 0, trackDossier: 0 }); // a cycle (refused by validation) costs nothing
          const fragment = fragments.get(name);
          const condition = fragment && schema.getType(fragment.typeCondition.name.value);
          if (fragment && condition && isCompositeType(condition))
            costed.set(name, costOf(fragment.selectionSet, condition));
        }
        add(costed.get(name) as OperationCost);
        continue;
      }
      if (!('getFields' in type)) continue; // a union: only __typename is selected on it directly
      const definition = type.getFields()[selection.name.value];
      if (!definition) continue; // __typename, or a field validation refuses
      const returned = getNullableType(definition.type);
      const named = getNamedType(definition.type);
      if (selection.name.value === 'trackDossier' && type === schema.getQueryType()) total.trackDossier += 1;
      if (!selection.selectionSet || !isCompositeType(named)) continue;
      let times = 1;
      const first = argument(selection, 'first', definition);
      const ids = argument(selection, 'personalIds', definition);
      if (typeof first === 'number') times = Math.min(Math.max(first, 0), listLimits.pageSize);
      else if (Array.isArray(ids)) times = Math.min(ids.length, listLimits.personalIdsPerCall);
      else if (isListType(returned) && !type.name.endsWith('Connection')) times = assumedListLength;
      total.cost += times;
      add(costOf(selection.selectionSet, named), times);
    }
    return total;
  };

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return root ? costOf(operation.selectionSet, root) : { cost: 0, trackDossier: 0 };
}

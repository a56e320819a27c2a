/**
 * A loader per distinct argument set: fields with arguments (a page of each citizen's dossiers, each
 * procedure's statistics) batch across the entities that share the same arguments.
 */
export function perArguments<A, L>(make: (args: A) => L): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(args)));
    return loader;
  };
}

import type { SupergraphSdlHook } from '@apollo/gateway';
import { createHash } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import type { Logger } from '../runtime/logger.ts';
import { readSupergraph } from './readSupergraph.ts';

export interface SupergraphWatch {
  /** For ApolloGateway's `supergraphSdl`: serves the file and pushes each change that loads. */
  hook: SupergraphSdlHook;
  /** Reads the file again now (what SIGHUP does); resolves with what happened. */
  reload(trigger: string): Promise<'loaded' | 'unchanged' | 'failed'>;
}

const shortHash = (sdl: string) => createHash('sha256').update(sdl).digest('hex').slice(0, 12);

/**
 * The supergraph file, kept current: the gateway reloads it when the file changes (its modification time
 * polled each `intervalMs`, which survives an editor's or a deployment's rename over the file) or when `reload` is
 * called (on SIGHUP). Requests in flight finish on the plan they started with and new ones take the
 * new schema; a file that fails to load (unreadable, not a supergraph) leaves the old one serving and is
 * logged with the reason. `beforeUpdate` runs with each new SDL before the gateway builds its services.
 */
export function watchSupergraph(options: {
  path: string;
  logger: Logger;
  /** How often the file is looked at; 0: never (only `reload`). */
  intervalMs: number;
  beforeUpdate?: (sdl: string) => void;
  onResult?: (result: 'loaded' | 'failed', trigger: string) => void;
}): SupergraphWatch {
  const { path, logger } = options;
  let current = '';
  let update: ((sdl: string) => void) | undefined;
  let pending = Promise.resolve<'loaded' | 'unchanged' | 'failed'>('unchanged');

  const attempt = (trigger: string): 'loaded' | 'unchanged' | 'failed' => {
    let sdl: string;
    try {
      sdl = readSupergraph(path);
    } catch (error) {
      logger.error(
        { path, trigger, reason: (error as Error).message },
        'supergraph not reloaded: kept the one serving',
      );
      options.onResult?.('failed', trigger);
      return 'failed';
    }
    if (sdl === current || !update) return 'unchanged';
    try {
      options.beforeUpdate?.(sdl);
      update(sdl);
    } catch (error) {
      // @apollo/gateway builds the new schema before it swaps: on a throw the old one still serves.
      if (current) options.beforeUpdate?.(current);
      logger.error(
        { path, trigger, hash: shortHash(sdl), reason: (error as Error).message.slice(0, 2000) },
        'supergraph not reloaded: kept the one serving',
      );
      options.onResult?.('failed', trigger);
      return 'failed';
    }
    logger.info({ path, trigger, from: shortHash(current), to: shortHash(sdl) }, 'supergraph reloaded');
    current = sdl;
    options.onResult?.('loaded', trigger);
    return 'loaded';
  };
  // One reload at a time: a SIGHUP during a file change waits for it.
  const reload = (trigger: string) => (pending = pending.then(() => attempt(trigger)));

  const hook: SupergraphSdlHook = async (hookOptions) => {
    current = readSupergraph(path);
    options.beforeUpdate?.(current);
    update = hookOptions.update;
    const changed = () => void reload('file changed');
    if (options.intervalMs > 0) watchFile(path, { interval: options.intervalMs }, changed);
    return {
      supergraphSdl: current,
      cleanup: async () => {
        unwatchFile(path, changed);
        update = undefined;
      },
    };
  };
  return { hook, reload };
}

import type { Logger } from './logger.ts';

/**
 * Runs an entry's start function: on failure logs why and exits 1; on SIGINT or SIGTERM calls the
 * returned close function once, then exits (1 if closing failed or took over 25 s).
 */
export function runMain(logger: Logger, start: () => Promise<() => Promise<void>>): void {
  start().then(
    (close) => {
      let closing = false;
      const stop = (signal: string) => {
        if (closing) return;
        closing = true;
        logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => {
          logger.error('shutdown took longer than 25 s');
          process.exit(1);
        }, 25_000);
        timer.unref();
        close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      logger.fatal({ err: error }, 'failed to start');
      process.exit(1);
    },
  );
}

import { openHandlesFromEnv, runSeedCommand } from '../seed/seedCommand.ts';

// `npm run seed -- ...`: the data stewards' tool (seed/seedCommand.ts says what it does and its exit codes).
void runSeedCommand(process.argv.slice(2), {
  openHandles: openHandlesFromEnv,
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  progress: true,
}).then((code) => process.exit(code));

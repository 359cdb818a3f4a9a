/**
 * Command line of the station. Subcommands live in electron/cli/*.ts; each returns its exit code.
 *   tally FILE                          rules engine on one scenario (docs: scenario-format.md)
 *   commands | call | demo              the station's command contract (electron/cli/station.ts)
 *   run --data DIR FILE                 a script of commands, one JSON line each (electron/cli/run.ts)
 *   export | verify | township          township package tools (electron/cli/package.ts)
 */
type Sub = (args: string[]) => Promise<number> | number;

const subcommands: Record<string, () => Promise<Sub>> = {
  tally: async () => (await import('./cli/tally.js')).runTally,
  commands: async () => (await import('./cli/station.js')).runCommands,
  call: async () => (await import('./cli/station.js')).runCall,
  demo: async () => (await import('./cli/station.js')).runDemo,
  run: async () => (await import('./cli/run.js')).runScript,
  export: async () => (await import('./cli/package.js')).runExport,
  verify: async () => (await import('./cli/package.js')).runVerify,
  township: async () => (await import('./cli/package.js')).runTownship,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : subcommands[name];
  if (!load) {
    process.stderr.write(
      JSON.stringify({ error: `unknown subcommand ${JSON.stringify(name ?? '')}; expected one of: ${Object.keys(subcommands).join(', ')}` }) + '\n',
    );
    return 2;
  }
  const run = await load();
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(JSON.stringify({ error: `internal error: ${err instanceof Error ? err.message : String(err)}` }) + '\n');
    process.exitCode = 70;
  },
);

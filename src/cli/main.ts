/**
 * Headless CLI: `npm run --silent cli -- <command> [options]`.
 * Commands: run (compare optimizers), sweep (tune a hyperparameter), preset (reproduce a
 * paper's claim), meta-train (train a learned optimizer), bench.
 * Each command lives in its own file and returns the process exit code.
 */
const COMMANDS: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  run: () => import('./run'),
  sweep: () => import('./sweep'),
  preset: () => import('./preset'),
  'meta-train': () => import('./metaTrain'),
  bench: () => import('./bench'),
};

/**
 * A closed reader (`cli run --json | head -c 20`) is not an error: stop quietly with code 0
 * instead of an unhandled EPIPE (a stack trace, or wasm's whole module source on stderr).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    process.stderr.write(`error: output failed (${e.code ?? e.message})\n`);
    process.exit(1);
  });
}
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  if (!cmd || cmd === '--help' || cmd === '-h') {
    process.stdout.write(`usage: npm run --silent cli -- <${Object.keys(COMMANDS).join('|')}> [options]\n`);
    return cmd ? 0 : 2;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    process.stderr.write(`unknown command '${cmd}'; valid: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  return (await load()).main(rest);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

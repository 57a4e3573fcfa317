/**
 * Command-line entry: argv → command → exit status. Usage errors exit 2 with a hint; a tool failure
 * (no browser, no bundle) exits 1; everything per-input is reported in the output lines instead.
 */
import { readFileSync } from 'node:fs';
import { processIo, type CliIo } from './cli-io';
import { CLASSIFY_HELP, MAIN_HELP, SCAN_HELP } from './help-text';
import { UsageError, parseCliArgs } from './parse-cli-args';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(command.topic === 'scan' ? SCAN_HELP : command.topic === 'classify' ? CLASSIFY_HELP : MAIN_HELP + '\n' + SCAN_HELP + '\n' + CLASSIFY_HELP);
        return 0;
      case 'version':
        io.stdout(`injection-lens ${version()}\n`);
        return 0;
      case 'scan': {
        const { runScan } = await import('./scan-command');
        return await runScan(command.inputs, command.options, io);
      }
      case 'classify': {
        const { runClassify } = await import('./classify-command');
        return await runClassify(command.file, command.options, io);
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`injection-lens: ${err.message}\nRun "injection-lens --help" for usage.\n`);
      return 2;
    }
    io.stderr(`injection-lens: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

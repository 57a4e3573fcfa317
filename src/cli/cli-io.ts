/** What a command may touch of the process: injected so commands stay testable and never call process.exit. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTty: boolean;
  stdin: NodeJS.ReadableStream;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTty: Boolean(process.stderr.isTTY),
    stdin: process.stdin,
  };
}

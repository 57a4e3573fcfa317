#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (a dev dependency, installed by `npm ci`), so
// `npx injection-lens` works from a clone with no extra build step beyond the scanner bundle.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');

// A closed pipe (e.g. `| head`) is not an error: stop quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const status = await main(process.argv.slice(2));
process.exitCode = status;
// Playwright or onnxruntime may keep handles open; the work is done and flushed.
process.stdout.write('', () => process.exit(status));

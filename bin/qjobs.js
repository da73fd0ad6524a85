#!/usr/bin/env node
// Launcher of the `qjobs` command. In a source checkout (src/ present, as in this repository)
// it runs the TypeScript sources through tsx's ESM loader, so what runs is always what was
// just edited; an installed package has no src/ and runs the built CLI from dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const built = join(root, 'dist', 'cli', 'main.js');

let cli;
if (existsSync(source) && process.env.QJOBS_USE_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(pathToFileURL(source).href);
} else {
  cli = await import(pathToFileURL(built).href);
}
process.exitCode = await cli.main(process.argv.slice(2));

import { defineConfig } from 'tsup';

/**
 * Dual ESM/CJS build with declarations for both module systems: the curated root entry, one
 * subpath entry per layer (`quantum-jobs-rx/codecs`, `/events`, ...), the local runtime and the
 * CLI. Shared code is split into chunks so every entry shares one copy of the codecs (and so
 * one set of error classes for `instanceof`).
 */
const LAYERS = [
  'codecs',
  'events',
  'circuits',
  'transport',
  'observables',
  'operators',
  'service',
  'local',
] as const;

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    ...Object.fromEntries(LAYERS.map((layer) => [`${layer}/index`, `src/${layer}/index.ts`])),
    'cli/main': 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
  external: ['ws', 'node:*'],
});

import { defineConfig } from 'tsup';

/**
 * Dual ESM/CJS build with declarations for both module systems. Shared code is split into
 * chunks so `quantum-jobs-rx` and `quantum-jobs-rx/local` share one copy of the codecs
 * (and so one set of error classes for `instanceof`).
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'local/index': 'src/local/index.ts',
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

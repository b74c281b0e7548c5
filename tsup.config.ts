import { defineConfig, type Options } from 'tsup';

// CommonJS (.js) and ESM (.mjs) builds with declarations for both, one entry per subpath.
// The configs build in parallel, so `npm run build` empties dist/ first instead of `clean`.
const shared: Options = {
  target: 'es2022',
  sourcemap: true,
  splitting: false,
  // msw is the user's own test dependency (an optional peer), never bundled.
  external: ['msw', 'msw/node'],
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    format: ['cjs', 'esm'],
    // TypeScript 6 deprecates the baseUrl that tsup's declaration build sets.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  },
  // ./testing (no msw) and ./testing/msw share one copy of the emulator in split chunks: the
  // handlers check the store's errors with instanceof, so the classes must be the same.
  {
    ...shared,
    entry: { 'testing/index': 'src/testing/index.ts', 'testing/msw': 'src/testing/msw.ts' },
    format: ['cjs', 'esm'],
    splitting: true,
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  },
  // The `consul-events` bin: one CommonJS file (the shebang line is kept).
  { ...shared, entry: { cli: 'src/cli/main.ts' }, format: ['cjs'] },
]);

import { defineConfig } from 'tsup';

// CommonJS (.js) and ESM (.mjs) builds with declarations for both, one entry per subpath.
export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['cjs', 'esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  splitting: false,
});

import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const esmBuild = join(root, 'dist', 'index.mjs');

/** Resolves the page's `../../../src/index` import to the package's ESM build, as an app's bundler would. */
const useEsmBuild: Plugin = {
  name: 'use-esm-build',
  setup(plugin) {
    plugin.onResolve({ filter: /\/src\/index$/ }, () => {
      if (!existsSync(esmBuild)) throw new Error(`${esmBuild} is missing: run \`npm run build\` first`);
      return { path: esmBuild };
    });
  },
};

/** The page's script, bundled, and the files that went into it. */
export interface PageBundle {
  readonly code: string;
  readonly inputs: readonly string[];
}

/**
 * Bundles `page/main.ts` for the browser (esbuild, `platform: 'browser'`, no externals)
 * against dist/index.mjs. A Node built-in imported anywhere on the way fails the build:
 * esbuild cannot resolve `node:*` modules for the browser.
 */
export async function bundlePage(): Promise<PageBundle> {
  const result = await build({
    entryPoints: [join(__dirname, 'page', 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [useEsmBuild],
  });
  const metafile: Metafile = result.metafile;
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(metafile.inputs) };
}

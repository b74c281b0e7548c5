import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * Transpiles every .ts file under `from` to CommonJS .js under `to` (same layout), type
 * checks aside, as ts-node's transpile-only mode or tsup would. The bench's child processes
 * run these files with plain `node`: no ts-node hook and no source-map-support in the
 * process being measured (that hook makes every `error.stack` read, e.g. axios's on each
 * cancelled request, cost far more than it does for users of the built package).
 */
export function transpileTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'tmp' && entry.name !== 'results' && entry.name !== 'node_modules') transpileTree(source, join(to, entry.name));
      continue;
    }
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const output = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: relative(process.cwd(), source),
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    });
    mkdirSync(to, { recursive: true });
    writeFileSync(join(to, entry.name.replace(/\.ts$/, '.js')), output.outputText);
  }
}

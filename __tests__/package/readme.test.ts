import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('README.md', () => {
  it('states the Node versions package.json engines requires', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const install = read('README.md').split('\n## Install\n')[1]!.split('\n## ')[0]!;
    expect(engines).toBe('>=20.16');
    expect(install).toContain('Node >= 20.16 ');
  });

  it.each(['README.md', 'docs/MIGRATION.md', 'docs/TROUBLESHOOTING.md'])('%s links only to files that exist', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/.test(target));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((target) => !existsSync(join(root, dirname(file), target)))).toEqual([]);
  });
});

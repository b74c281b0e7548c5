/**
 * Rewrites Consul's own single-dash spellings (`-name=deploy`, `-http-addr 127.0.0.1:8500`,
 * as Go's flag package reads them) of the flags listed in `shared` into the `--name=deploy`
 * form `parseArgs` reads, so a `consul watch` command line carries over. Other arguments,
 * and everything after `--`, are left as they are.
 *
 * @example
 * ```ts
 * consulStyleFlags(['-name=deploy', '-token-file', '/run/token', 'x'], ['name', 'token-file']);
 * // ['--name=deploy', '--token-file', '/run/token', 'x']
 * ```
 */
export function consulStyleFlags(args: readonly string[], shared: readonly string[]): string[] {
  const end = args.indexOf('--');
  return args.map((arg, i) => {
    if (end !== -1 && i >= end) return arg;
    const flag = /^-([a-z][a-z-]*)(=[\s\S]*)?$/.exec(arg);
    return flag && shared.includes(flag[1]!) ? `-${arg}` : arg;
  });
}

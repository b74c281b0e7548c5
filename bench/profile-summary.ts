/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile`): the
 * hottest functions by self time, and the total time per source file (library, axios,
 * rxjs, node internals, the bench's own code).
 *
 * Usage: node -r ts-node/register/transpile-only bench/profile-summary.ts FILE.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const shortUrl = (url: string): string =>
  url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'node_modules/').replace(/.*\/bench\//, 'bench/').replace(/.*\/dist\//, 'dist/');
const group = (url: string): string => {
  if (url === '') return '(native / gc / idle)';
  if (url.startsWith('node:')) return 'node internals';
  const short = shortUrl(url);
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short);
  if (pkg) return pkg[1]!;
  if (short.startsWith('bench/tmp/')) return 'library under test';
  return short;
};

const fnSelf = new Map<string, number>();
const groupSelf = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id)!;
  const key = `${callFrame.functionName || '(anonymous)'}  ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
  const g = group(callFrame.url);
  groupSelf.set(g, (groupSelf.get(g) ?? 0) + us);
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
const pct = (us: number) => `${((100 * us) / (total - idle)).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled, ${((total - idle) / 1000).toFixed(0)} ms busy\n`);
console.log('self time by group (share of busy time):');
for (const [g, us] of [...groupSelf].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${g}`);
console.log(`\nhottest functions by self time (top ${top}):`);
for (const [key, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);

// Inclusive time (the function and what it calls), for frames of one group: BENCH_INCLUSIVE=dist/index.js
const inclusiveOf = process.env.BENCH_INCLUSIVE;
if (inclusiveOf) {
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id)!;
    let us = selfUs.get(id) ?? 0;
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    const mine = shortUrl(node.callFrame.url).includes(inclusiveOf) && !onStack.has(key);
    if (mine) onStack.add(key);
    for (const child of node.children ?? []) us += walk(child, onStack);
    if (mine) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
    return us;
  };
  walk(profile.nodes[0]!.id, new Set());
  console.log(`\ninclusive time, frames in ${inclusiveOf}:`);
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}

// Who calls a function: BENCH_CALLERS=name prints the hottest stacks (5 frames) ending in it.
const callersOf = process.env.BENCH_CALLERS;
if (callersOf) {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stacks = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName !== callersOf) continue;
    const frames: string[] = [];
    for (let at: number | undefined = parent.get(id); at !== undefined && frames.length < 6; at = parent.get(at)) {
      const { callFrame } = byId.get(at)!;
      frames.push(`${callFrame.functionName || '(anonymous)'}@${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`);
    }
    const key = frames.join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  console.log(`\ncallers of ${callersOf}:`);
  for (const [key, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}

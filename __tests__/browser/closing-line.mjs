// A node:test reporter that ends the run with one plain line, `N passed, N failed`,
// counting top-level tests (the spec reporter beside it shows the details).
export default async function* closingLine(source) {
  let passed = 0;
  let failed = 0;
  for await (const { type, data } of source) {
    if (data?.nesting !== 0) continue;
    if (type === 'test:pass' && !data.skip && !data.todo) passed += 1;
    if (type === 'test:fail') failed += 1;
  }
  yield `browser: ${passed} passed, ${failed} failed\n`;
}

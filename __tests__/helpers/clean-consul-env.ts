// Tests describe their own agent: a developer's CONSUL_* variables must not leak into them.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('CONSUL_')) delete process.env[name];
}

// Preloaded into the bench's worker processes (`--require`): answers "cpu?" over IPC with the
// process's CPU seconds, so the bench can tell the workers' CPU from its own and from Redis's.
process.on('message', (m: unknown) => {
  if (m !== 'cpu?' || process.send === undefined) return;
  const u = process.cpuUsage();
  process.send({ cpuSeconds: (u.user + u.system) / 1e6 });
});

import { main } from './src/cli/main.ts';
const t = performance.now();
await main(['build', '--catalog', '/tmp/shipshape-bench-5000/catalog', '--rubric', '/tmp/shipshape-bench-5000/rubric', '--out', '/tmp/shipshape-bench-5000/dist2', '--now', '2026-12-01T00:00:00Z'], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: '/tmp/shipshape-bench-5000' });
console.log('total', (performance.now() - t) / 1000, process.resourceUsage().maxRSS/1024);

#!/usr/bin/env node
// The `shipshape` bin. Plain JS so that it starts on any Node: when the Node running it is too old
// to strip TypeScript types, it re-runs itself with the Node 24 binary of the `node` devDependency
// (when installed) and otherwise explains what to do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 22 || (major === 22 && minor >= 18);

if (supported) {
	try {
		const { main } = await import('./main.ts');
		process.exitCode = await main(process.argv.slice(2));
	} catch (error) {
		// main() handles its own errors; this is for one that escapes it (a failed import, say).
		console.error(`shipshape: unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		console.error(process.argv.includes('--verbose') && error instanceof Error ? error.stack : 'Run again with --verbose for details.');
		process.exitCode = 3;
	}
} else {
	const pinnedNode = findPinnedNode();
	if (pinnedNode === undefined) {
		console.error(
			`shipshape: Node ${process.versions.node} is too old; Node >= 22.18 is needed.\n` +
				'Hint: install Node 24 (see .nvmrc) or run shipshape through `npm run shipshape -- …`.',
		);
		process.exit(2);
	}
	const result = spawnSync(pinnedNode, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], {
		stdio: 'inherit',
	});
	process.exit(result.status ?? 2);
}

function findPinnedNode() {
	try {
		const require = createRequire(import.meta.url);
		const binary = require.resolve('node/bin/node');
		return existsSync(binary) ? binary : undefined;
	} catch {
		return undefined;
	}
}

#!/usr/bin/env node
// The `shipshape` bin. Plain JS so that it starts on any Node and can say what is wrong.
// - Installed as a package (under node_modules), it runs the JavaScript compiled into build/ at
//   pack time: Node does not strip TypeScript types under node_modules. That needs Node >= 22.12.
// - In a checkout of the Shipshape repository it runs the TypeScript sources, which needs type
//   stripping (Node >= 22.18); on an older Node it re-runs itself with the Node 24 binary of the
//   `node` devDependency when installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
const installed = here.split(path.sep).includes('node_modules');
const compiledMain = path.join(path.dirname(here), '../../build/src/cli/main.js');
const [major, minor] = process.versions.node.split('.').map(Number);
const atLeast = (wantedMajor, wantedMinor) => major > wantedMajor || (major === wantedMajor && minor >= wantedMinor);

if (installed) {
	if (!atLeast(22, 12)) {
		fail(`Node ${process.versions.node} is too old; Shipshape needs Node 22.12 or newer (Node 24 LTS recommended).\nHint: install it (e.g. \`nvm install 24 && nvm use 24\`, or actions/setup-node with node-version: 24 in CI) and run the command again.`);
	} else if (!existsSync(compiledMain)) {
		fail(`the compiled files of this Shipshape installation are missing (${compiledMain}).\nHint: reinstall it (\`npm install --save-dev shipshape\`); a tarball made without \`npm pack\` has no build/ directory.`);
	} else {
		await run(pathToFileURL(compiledMain).href);
	}
} else if (atLeast(22, 18)) {
	await run('./main.ts');
} else {
	const pinnedNode = findPinnedNode();
	if (pinnedNode === undefined) {
		fail(`Node ${process.versions.node} is too old to run Shipshape from its sources; Node >= 22.18 is needed.\nHint: install Node 24 (see .nvmrc) or run shipshape through \`npm run shipshape -- …\`.`);
	} else {
		const result = spawnSync(pinnedNode, [here, ...process.argv.slice(2)], { stdio: 'inherit' });
		process.exit(result.status ?? 3);
	}
}

async function run(mainModule) {
	try {
		const { main } = await import(mainModule);
		process.exitCode = await main(process.argv.slice(2));
	} catch (error) {
		// main() handles its own errors; this is for one that escapes it (a failed import, say).
		console.error(`shipshape: unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		console.error(process.argv.includes('--verbose') && error instanceof Error ? error.stack : 'Run again with --verbose for details.');
		process.exitCode = 3;
	}
}

function fail(message) {
	console.error(`shipshape: ${message}`);
	process.exitCode = 2;
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

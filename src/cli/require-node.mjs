// Fails fast when an npm script runs on a Node older than the project needs. Astro 7, Vitest 5 and
// TypeScript type stripping need Node >= 22.18; the `node` devDependency supplies Node 24 to npm
// scripts, but `--ignore-scripts`, `--omit=dev` or calling node_modules/.bin/* directly fall back to
// the system Node silently. Plain JS so that it runs on any Node.
const MINIMUM = [22, 18];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
	console.error(
		`shipshape: Node ${process.versions.node} is too old; Node >= ${MINIMUM.join('.')} is needed.\n` +
			'Hint: run `npm ci` (without --ignore-scripts or --omit=dev) so the pinned Node 24 from the ' +
			'`node` devDependency is used by npm scripts, or switch with `nvm use` (see .nvmrc).',
	);
	process.exit(1);
}

// Where Shipshape itself is installed: its default rubric, site sources, templates and package.json.
// Found by walking up from this module, so that it is right both from the TypeScript sources (this
// repository) and from the compiled JavaScript under build/ (an installed package).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageRoot(start: string): string {
	for (let directory = start; ; directory = path.dirname(directory)) {
		const manifest = path.join(directory, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'shipshape') return directory;
		if (path.dirname(directory) === directory) throw new Error(`Shipshape's package.json was not found above ${start}; the installation is incomplete, reinstall it.`);
	}
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

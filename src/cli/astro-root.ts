// The directory Astro builds from. Astro writes into its root (`.astro/`, prerender chunks) and its
// module handling breaks for sources outside the root, while an installed Shipshape may sit in a
// read-only node_modules. So each build gets a root of its own in the user's cache directory: a copy
// of the site sources (small) and a node_modules of links that resolves every package exactly as
// Node would from Shipshape's own directory (its nested node_modules first, then the ones above it).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../lib/config/load.ts';
import { GUIDES_FOLDER } from '../lib/site/guides.ts';
import { UsageError } from './pipeline.ts';

/** What the pages import: the site sources, and the schemas they validate the report with. */
const SITE_SOURCES = ['src', 'public', 'catalog/schema', 'rubrics/schema.ts'] as const;

/** Not packages: npm's and tools' own entries in a node_modules directory. */
const NOT_PACKAGES = new Set(['.bin', '.cache', '.package-lock.json', '.vite', '.astro', '.modules.yaml', '.pnpm']);

/**
 * Fills `root` for one build. `guides` is the guides folder (`site.guides`, Shipshape's own by
 * default): it is copied over the shipped guides, where `src/lib/site/guides.ts` finds them, and a
 * guide's relative imports of files beside it (images, components) come along.
 */
export async function prepareAstroRoot(root: string, guides: string): Promise<void> {
	await mkdir(root, { recursive: true });
	for (const source of SITE_SOURCES) {
		await cp(path.join(PACKAGE_ROOT, source), path.join(root, source), { recursive: true, filter: (file) => !file.endsWith('.json') || !file.includes(`${path.sep}schema${path.sep}json`) });
	}
	const copiedGuides = path.join(root, GUIDES_FOLDER);
	if (path.resolve(guides) !== path.join(PACKAGE_ROOT, GUIDES_FOLDER)) {
		await rm(copiedGuides, { recursive: true, force: true });
		await mkdir(copiedGuides, { recursive: true });
		// A missing folder is a site without guides, as it was when the guides were a collection.
		if (existsSync(guides)) {
			await cp(guides, copiedGuides, { recursive: true, dereference: true }).catch((error: Error) => {
				throw new UsageError(`the guides folder ${guides} could not be copied into the build: ${error.message}. Fix or remove the file it names.`);
			});
		}
	}
	// The copies keep the modes of a read-only installation; Astro writes beside them and the work
	// directory is deleted afterwards, so they must be the user's to change.
	await makeWritable(root);
	await linkModules(path.join(root, 'node_modules'));
}

async function makeWritable(directory: string): Promise<void> {
	await chmod(directory, 0o755);
	for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
		await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
	}
}

/** node_modules directories Node searches from Shipshape's directory, nearest last. */
function moduleDirectories(): string[] {
	const directories: string[] = [];
	for (let directory = PACKAGE_ROOT; ; directory = path.dirname(directory)) {
		const candidate = path.join(directory, 'node_modules');
		if (existsSync(candidate) && path.basename(directory) !== 'node_modules') directories.unshift(candidate);
		if (path.dirname(directory) === directory) return directories;
	}
}

async function linkModules(target: string): Promise<void> {
	const packages = new Map<string, string>();
	for (const directory of moduleDirectories()) {
		for (const entry of await readdir(directory)) {
			if (NOT_PACKAGES.has(entry)) continue;
			if (entry.startsWith('@')) {
				for (const scoped of await readdir(path.join(directory, entry)).catch(() => [] as string[])) packages.set(`${entry}/${scoped}`, path.join(directory, entry, scoped));
			} else {
				packages.set(entry, path.join(directory, entry));
			}
		}
	}
	await mkdir(target, { recursive: true });
	for (const [name, location] of [...packages].sort(([a], [b]) => (a < b ? -1 : 1))) {
		await mkdir(path.dirname(path.join(target, name)), { recursive: true });
		await symlink(location, path.join(target, name), 'junction');
	}
}

/**
 * A digest of everything the pages are built from besides the report: the site sources copied into
 * the root, and the installed version of each package Shipshape depends on (Astro, Chart.js, …). The
 * incremental build keys every cached page on it, so an upgrade or an edited layout renders anew.
 */
export async function siteCodeDigest(): Promise<string> {
	const hash = createHash('sha256');
	for (const source of SITE_SOURCES) {
		const top = path.join(PACKAGE_ROOT, source);
		const files = (await stat(top)).isDirectory() ? (await readdir(top, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)) : [top];
		for (const file of files.sort()) hash.update(`${path.relative(PACKAGE_ROOT, file)}\0`).update(await readFile(file)).update('\0');
	}
	const manifest = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string; dependencies?: Record<string, string> };
	hash.update(`shipshape@${manifest.version ?? ''}\0`);
	const nearestFirst = moduleDirectories().reverse();
	for (const name of Object.keys(manifest.dependencies ?? {}).sort()) {
		const found = nearestFirst.map((directory) => path.join(directory, name, 'package.json')).find((file) => existsSync(file));
		const version = found === undefined ? 'missing' : ((JSON.parse(await readFile(found, 'utf8')) as { version?: string }).version ?? 'unknown');
		hash.update(`${name}@${version}\0`);
	}
	return hash.digest('hex');
}

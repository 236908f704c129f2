// Where a service lives, and what is not a service. A build names a context and a Dockerfile; the
// service is where its code is, which is often neither: Compose files build from the repository
// root with `dockerfile: src/<name>/Dockerfile`, one image is run as several services that each
// select their program (`command: ./geo`, code in `cmd/geo/`), and a Dockerfile at a shared root may
// copy one sub-directory. Pure functions of paths, so that each rule has a table test.
import path from 'node:path';
import { resolveInRepo } from './signals.ts';

/** Directory names that hold a service's build files rather than being the service. */
const BUILD_SUBDIRECTORIES = new Set(['src', 'docker', 'build', 'deploy', 'cmd']);

/** Where one program's code lives under a shared build context, in order of preference. */
const ENTRY_DIRECTORIES = ['cmd', 'services', 'service', 'src', 'apps', 'app', 'bin', 'functions'] as const;

/** The service a build directory belongs to: `svc/src` (a Dockerfile or context inside the code) is `svc`. */
export function serviceDirectory(directory: string): string {
	return BUILD_SUBDIRECTORIES.has(path.posix.basename(directory)) && directory.includes('/') ? path.posix.dirname(directory) : directory;
}

/** Every directory that holds a file, with its ancestors ('.' included). */
export function directoriesOf(files: readonly string[]): Set<string> {
	const directories = new Set<string>(['.']);
	for (const file of files) {
		for (let directory = path.posix.dirname(file); directory !== '.' && !directories.has(directory); directory = path.posix.dirname(directory)) directories.add(directory);
	}
	return directories;
}

export interface BuildSpec {
	/** Build context, relative to the repository root. */
	context: string;
	/** The Dockerfile, relative to the repository root; null for `<context>/Dockerfile`. */
	dockerfile: string | null;
	/** The program the service runs from the image (`./geo`), when it says. */
	program: string | null;
	/** How many differently named services run the image this build makes. */
	sharedBy: number;
}

export interface RootChoice {
	root: string;
	/** Why this directory, for the evidence. */
	reason: string;
}

/**
 * The service root of one build: the directory of the program it selects when several services
 * share the image; else the Dockerfile's directory (`svc/src/Dockerfile` → `svc`); and when that is
 * the build context itself, the one sub-directory with a package manifest that the Dockerfile copies.
 */
export function buildRoot(build: BuildSpec, directories: ReadonlySet<string>, copies: readonly string[], manifestDirectories: ReadonlySet<string>): RootChoice {
	if (build.sharedBy > 1 && build.program !== null) {
		const entry = entryDirectory(build.context, build.program, directories);
		if (entry !== null) return { root: entry, reason: `runs \`${build.program}\` from the image, whose code is in ${entry}` };
	}
	const dockerfileDirectory = build.dockerfile === null ? build.context : path.posix.dirname(build.dockerfile);
	const root = serviceDirectory(dockerfileDirectory);
	if (root !== serviceDirectory(build.context) || build.sharedBy > 1) return { root, reason: `its Dockerfile is in ${dockerfileDirectory}` };
	const copied = copiedDirectory(build.context, copies, directories, manifestDirectories);
	if (copied !== null) return { root: copied, reason: `its Dockerfile copies ${copied} from the build context` };
	return { root, reason: `builds ${build.context}` };
}

/**
 * The directory a selected program's code is in, under the shared context; null when none is found.
 * `besideContext` also accepts `<context>/<name>` (a build context is code; a manifest's directory is not).
 */
export function entryDirectory(context: string, program: string, directories: ReadonlySet<string>, besideContext = true): string | null {
	const relative = program.replace(/^\.\//, '');
	if (!relative.startsWith('/') && relative.includes('/')) {
		const own = resolveInRepo(context, path.posix.dirname(relative));
		if (own !== null && own !== context && directories.has(own)) return own;
	}
	const name = path.posix.basename(relative).replace(/\.(js|mjs|cjs|ts|py|rb|dll|jar|sh|exe)$/, '');
	for (const prefix of ENTRY_DIRECTORIES) {
		const candidate = resolveInRepo(context, `${prefix}/${name}`);
		if (candidate !== null && directories.has(candidate)) return candidate;
	}
	if (!besideContext) return null;
	const beside = resolveInRepo(context, name);
	return beside !== null && beside !== context && directories.has(beside) ? beside : null;
}

/** The one directory below the context with a package manifest that the Dockerfile copies from, if exactly one. */
function copiedDirectory(context: string, copies: readonly string[], directories: ReadonlySet<string>, manifestDirectories: ReadonlySet<string>): string | null {
	const copied = new Set<string>();
	for (const source of copies) {
		const resolved = resolveInRepo(context, source.replace(/[*?[].*$/, '').replace(/\/$/, '') || '.');
		if (resolved === null) continue;
		const directory = directories.has(resolved) ? resolved : path.posix.dirname(resolved);
		if (directory !== context && manifestDirectories.has(directory)) copied.add(directory);
	}
	return copied.size === 1 ? [...copied][0]! : null;
}

/** Path segments that say a directory is not a service: generated code, tests, examples, docs. */
const NOT_SERVICE_SEGMENTS: readonly [RegExp, string][] = [
	[/^(genproto|gen|generated|__generated__|codegen)$/, 'generated code'],
	[/^(tests?|e2e|__tests__|testing|tracetesting)$|[-_.](tests?|e2e)$|^(tests?|e2e)[-_.]/, 'a test suite'],
	[/^(examples?|samples?|docs?|documentation)$/, 'examples or documentation'],
	[/^(dev|devenv|dev-env)$/, 'a development environment'],
];

/** Dockerfiles that build a development image (`Dockerfile.dev`, `dev.dockerfile`). */
const DEVELOPMENT_DOCKERFILE = /(^|[._-])(dev|devel|development)([._-]|$)/i;

/** Dockerfiles, Compose files and Compose service names that build test images. */
const TEST_NAME = /(^|[._-])(tests?|e2e|cypress|playwright)([._-]|$)/i;

export interface NotAServiceInput {
	root: string;
	dockerfile?: string | null;
	composeFile?: string | null;
	name?: string | null;
}

/** Why a build is not a service (generated code, a test suite or test image, examples, docs), or null. */
export function notAService({ root, dockerfile, composeFile, name }: NotAServiceInput): string | null {
	for (const segment of root === '.' ? [] : root.split('/')) {
		for (const [pattern, reason] of NOT_SERVICE_SEGMENTS) if (pattern.test(segment)) return `${reason} (${root})`;
	}
	if (dockerfile && TEST_NAME.test(path.posix.basename(dockerfile).replace(/^Dockerfile$/, ''))) return `a test image (${dockerfile})`;
	if (dockerfile && DEVELOPMENT_DOCKERFILE.test(path.posix.basename(dockerfile).replace(/^Dockerfile$/i, ''))) return `a development image (${dockerfile})`;
	if (composeFile && TEST_NAME.test(path.posix.basename(composeFile).replace(/\.ya?ml$/, ''))) return `a test service of ${composeFile}`;
	if (name && TEST_NAME.test(name.replace(/([a-z0-9])([A-Z])/g, '$1-$2'))) return `a test service ("${name}")`;
	return null;
}

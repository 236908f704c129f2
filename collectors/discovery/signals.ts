// Pure readers of the files that say something builds and deploys: package manifests, Compose
// files, Skaffold configs and Helm charts. They return names and directories, never values: an
// environment variable is only looked at for the hostnames of other services it points to.
import path from 'node:path';
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';
import { hostsInValue } from '../lib/hosts.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';
import { SECRET_NAME } from '../k8s-manifests/extract.ts';

export const PACKAGE_MANIFEST = /(^|\/)(package\.json|go\.mod|pom\.xml|build\.gradle(\.kts)?|[^/]+\.csproj|pyproject\.toml|requirements\.txt|Pipfile|Cargo\.toml|Gemfile|mix\.exs|composer\.json)$/;
export const COMPOSE_FILE = /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/;
export const SKAFFOLD_FILE = /(^|\/)skaffold(\.[\w-]+)?\.ya?ml$/;
export const HELM_CHART_FILE = /(^|\/)Chart\.ya?ml$/;

export interface ComposeService {
	name: string;
	/** Build context relative to the repository root (POSIX), or null for image-only services. */
	buildContext: string | null;
	/** The Dockerfile it builds, relative to the repository root, when `build.dockerfile` names one. */
	dockerfile: string | null;
	/** The program `entrypoint:` or `command:` selects (`./geo`, `services/geo/main.py`), for one image run as several services. */
	entrypoint: string | null;
	image: string | null;
	dependsOn: string[];
	/** Hostnames that environment values point to (other services), values themselves dropped. */
	hosts: string[];
	line: number;
}

export interface SignalParse<T> {
	items: T[];
	problems: string[];
}

/**
 * Services of a Compose file; `file` is its path in the repository, to resolve build contexts.
 * `variables` are the `.env` values Compose itself would interpolate (`dockerfile: ${AD_DOCKERFILE}`);
 * they are used for build paths and image names only, never recorded.
 */
export function parseCompose(file: string, text: string, variables: Readonly<Record<string, string>> = {}): SignalParse<ComposeService> {
	const { documents, problems } = parseManifestDocuments(text);
	const root = documents[0]?.value;
	if (!isObject(root) || !isObject(root.services)) return { items: [], problems: problems.map((problem) => `${file}:${problem}`) };
	const lineOf = serviceLineFinder(text);
	const items: ComposeService[] = [];
	for (const [name, definition] of Object.entries(root.services)) {
		if (!isObject(definition)) continue;
		const build = definition.build;
		const rawContext = typeof build === 'string' ? build : isObject(build) && typeof build.context === 'string' ? build.context : build === undefined ? null : '.';
		const context = rawContext === null ? null : interpolate(rawContext, variables);
		const buildContext = context === null ? null : resolveInRepo(path.posix.dirname(file), context);
		const dockerfile = isObject(build) && typeof build.dockerfile === 'string' ? interpolate(build.dockerfile, variables) : null;
		items.push({
			name,
			buildContext,
			dockerfile: buildContext === null || dockerfile === null ? null : resolveInRepo(buildContext, dockerfile),
			entrypoint: selectedProgram(definition.entrypoint) ?? selectedProgram(definition.command),
			image: typeof definition.image === 'string' ? interpolate(definition.image, variables) : null,
			dependsOn: Array.isArray(definition.depends_on) ? definition.depends_on.filter((entry): entry is string => typeof entry === 'string') : isObject(definition.depends_on) ? Object.keys(definition.depends_on) : [],
			hosts: environmentValues(definition.environment).flatMap(hostsInValue),
			line: lineOf(name),
		});
	}
	return { items, problems: problems.map((problem) => `${file}:${problem}`) };
}

export interface SkaffoldArtifact {
	image: string;
	/** Build context relative to the repository root (POSIX). */
	context: string | null;
	/** `docker.dockerfile`, relative to the repository root, when set. */
	dockerfile: string | null;
}

export function parseSkaffold(file: string, text: string): SignalParse<SkaffoldArtifact> {
	const { documents, problems } = parseManifestDocuments(text);
	const items: SkaffoldArtifact[] = [];
	for (const { value } of documents) {
		if (!isObject(value)) continue;
		for (const artifact of arrayAt(objectAt(value, 'build'), 'artifacts').filter(isObject)) {
			if (typeof artifact.image !== 'string') continue;
			const buildContext = resolveInRepo(path.posix.dirname(file), typeof artifact.context === 'string' ? artifact.context : '.');
			// Jib (`jib.project`, a Maven or Gradle module) and ko (`ko.main`, a Go main package) build
			// one directory inside a wider context: that directory is the code's.
			const module = objectAt(artifact, 'jib').project ?? objectAt(artifact, 'ko').main;
			const context = buildContext !== null && typeof module === 'string' ? resolveInRepo(buildContext, module) : buildContext;
			const dockerfile = objectAt(artifact, 'docker').dockerfile;
			items.push({ image: artifact.image, context, dockerfile: context !== null && typeof dockerfile === 'string' ? resolveInRepo(context, dockerfile) : null });
		}
	}
	return { items, problems: problems.map((problem) => `${file}:${problem}`) };
}

/** The chart name of a Helm `Chart.yaml`. */
export function parseChartName(text: string): string | null {
	const { documents } = parseManifestDocuments(text);
	const name = (documents[0]?.value as Json | undefined)?.name;
	return typeof name === 'string' ? name : null;
}

/** Tilt's `docker_build('image', 'context', dockerfile='…')` calls, read as text (a Tiltfile is Starlark: never run). */
export function parseTiltfile(file: string, text: string): SignalParse<SkaffoldArtifact & { line: number }> {
	const items: (SkaffoldArtifact & { line: number })[] = [];
	const call = /\b(?:docker_build|custom_build)\(\s*(?:ref\s*=\s*)?['"]([^'"]+)['"]\s*,\s*(?:context\s*=\s*)?['"]([^'"]+)['"]([^)]*)\)/g;
	for (const match of text.matchAll(call)) {
		const context = resolveInRepo(path.posix.dirname(file), match[2]!);
		const dockerfile = /\bdockerfile\s*=\s*['"]([^'"]+)['"]/.exec(match[3] ?? '')?.[1];
		items.push({ image: match[1]!, context, dockerfile: context !== null && dockerfile !== undefined ? resolveInRepo(path.posix.dirname(file), dockerfile) : null, line: lineAt(text, match.index) });
	}
	return { items, problems: [] };
}

/**
 * `KEY=value` lines of a Compose `.env` file. Keys that name a secret are dropped: their values are
 * never needed to find a build path or an image, and must not travel further.
 */
export function parseDotEnv(text: string): Record<string, string> {
	const variables: Record<string, string> = {};
	for (const line of text.split(/\r?\n/)) {
		const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
		if (match === null || SECRET_NAME.test(match[1]!)) continue;
		const value = match[2]!;
		variables[match[1]!] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value.replace(/\s+#.*$/, '');
	}
	return variables;
}

/** Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`; unknown variables become their default or nothing. */
export function interpolate(value: string, variables: Readonly<Record<string, string>>): string {
	return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, braced: string | undefined, operator: string | undefined, fallback: string | undefined, bare: string | undefined) => {
		const name = (braced ?? bare)!;
		const known = variables[name];
		if (operator === ':-') return known === undefined || known === '' ? (fallback ?? '') : known;
		if (operator === '-') return known ?? fallback ?? '';
		return known ?? '';
	});
}

/** Interpreters and shells: the program they run is the next argument. */
const LAUNCHERS = new Set(['sh', 'bash', 'ash', 'node', 'python', 'python3', 'java', 'dotnet', 'ruby', 'bundle', 'exec', 'go', 'npm', 'yarn', 'pnpm', 'npx', 'uv', 'poetry', 'tini', 'dumb-init', 'env', 'run']);

/**
 * The program an `entrypoint:`/`command:`/`args:` selects, past launchers and flags:
 * `./geo`, `["/app/bin/geo", "-port", "8083"]`, `python services/geo/main.py`.
 */
export function selectedProgram(command: unknown): string | null {
	const tokens = typeof command === 'string' ? command.trim().split(/\s+/) : Array.isArray(command) ? command.filter((token): token is string => typeof token === 'string') : [];
	for (const token of tokens) {
		if (token === '' || token.startsWith('-') || token.includes('$') || token.includes('=')) continue;
		if (LAUNCHERS.has(token) || LAUNCHERS.has(path.posix.basename(token))) continue;
		return /^[\w./-]+$/.test(token) ? token : null;
	}
	return null;
}

/** 1-based line of an offset in `text`. */
export function lineAt(text: string, index: number): number {
	let line = 1;
	for (let position = 0; position < index; position += 1) if (text.charCodeAt(position) === 10) line += 1;
	return line;
}

function environmentValues(environment: unknown): string[] {
	if (Array.isArray(environment)) {
		return environment.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.slice(entry.indexOf('=') + 1));
	}
	if (isObject(environment)) return Object.values(environment).filter((value): value is string => typeof value === 'string');
	return [];
}

/** `base` joined with `relative`, POSIX and normalised; null when it leaves the repository or is a URL. */
export function resolveInRepo(base: string, relative: string): string | null {
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(relative) || relative.startsWith('git@') || path.posix.isAbsolute(relative)) return null;
	const joined = path.posix.normalize(path.posix.join(base, relative)).replace(/\/$/, '');
	if (joined === '..' || joined.startsWith('../')) return null;
	return joined === '' ? '.' : joined;
}

/** Line of each service key: the children of `services:` at their own indentation, so nested keys of the same name do not count. */
function serviceLineFinder(text: string): (name: string) => number {
	const lines = text.split(/\r?\n/);
	const start = lines.findIndex((line) => /^services:\s*(#.*)?$/.test(line));
	const firstChild = lines.slice(start + 1).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
	const indent = firstChild === undefined ? '' : (/^(\s*)/.exec(firstChild)?.[1] ?? '');
	return (name) => {
		const pattern = new RegExp(`^${indent}["']?${escapeRegExp(name)}["']?:\\s*(#.*)?$`);
		const index = lines.findIndex((line, position) => position > start && pattern.test(line));
		return index === -1 ? Math.max(1, start + 1) : index + 1;
	};
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Pure readers of the files that say something builds and deploys: package manifests, Compose
// files, Skaffold configs and Helm charts. They return names and directories, never values: an
// environment variable is only looked at for the hostnames of other services it points to.
import path from 'node:path';
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';
import { hostsInValue } from '../lib/hosts.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';

export const PACKAGE_MANIFEST = /(^|\/)(package\.json|go\.mod|pom\.xml|build\.gradle(\.kts)?|[^/]+\.csproj|pyproject\.toml|requirements\.txt|Pipfile|Cargo\.toml|Gemfile|mix\.exs|composer\.json)$/;
export const COMPOSE_FILE = /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/;
export const SKAFFOLD_FILE = /(^|\/)skaffold(\.[\w-]+)?\.ya?ml$/;
export const HELM_CHART_FILE = /(^|\/)Chart\.ya?ml$/;

export interface ComposeService {
	name: string;
	/** Build context relative to the repository root (POSIX), or null for image-only services. */
	buildContext: string | null;
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

/** Services of a Compose file; `file` is its path in the repository, to resolve build contexts. */
export function parseCompose(file: string, text: string): SignalParse<ComposeService> {
	const { documents, problems } = parseManifestDocuments(text);
	const root = documents[0]?.value;
	if (!isObject(root) || !isObject(root.services)) return { items: [], problems: problems.map((problem) => `${file}:${problem}`) };
	const lineOf = serviceLineFinder(text);
	const items: ComposeService[] = [];
	for (const [name, definition] of Object.entries(root.services)) {
		if (!isObject(definition)) continue;
		const build = definition.build;
		const context = typeof build === 'string' ? build : isObject(build) && typeof build.context === 'string' ? build.context : build === undefined ? null : '.';
		items.push({
			name,
			buildContext: context === null ? null : resolveInRepo(path.posix.dirname(file), context),
			image: typeof definition.image === 'string' ? definition.image : null,
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
}

export function parseSkaffold(file: string, text: string): SignalParse<SkaffoldArtifact> {
	const { documents, problems } = parseManifestDocuments(text);
	const items: SkaffoldArtifact[] = [];
	for (const { value } of documents) {
		if (!isObject(value)) continue;
		for (const artifact of arrayAt(objectAt(value, 'build'), 'artifacts').filter(isObject)) {
			if (typeof artifact.image !== 'string') continue;
			const context = typeof artifact.context === 'string' ? artifact.context : '.';
			items.push({ image: artifact.image, context: resolveInRepo(path.posix.dirname(file), context) });
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

// Pure reading of GitLab CI (`.gitlab-ci.yml` and the files it includes locally): each job becomes a
// workflow summary like a GitHub Actions workflow's, so the same CI facts and checks apply. A job
// refers to a service through its `rules: changes:` / `only: changes:` paths or its script. The
// Container-Scanning template scans every image the pipeline builds.
import path from 'node:path';
import jsYaml from 'js-yaml';
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';
import { SCANNERS, type WorkflowSummary } from './workflows.ts';

export const GITLAB_CI_FILE = '.gitlab-ci.yml';

/** Top-level keys that configure the pipeline rather than name a job. */
const GLOBAL_KEYS = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'types', 'pages:deploy']);
const CONTAINER_SCANNING_TEMPLATE = /Container-Scanning(\.latest)?\.gitlab-ci\.yml$/;

export interface GitlabPipelineFile {
	file: string;
	/** Jobs of this file. */
	jobs: WorkflowSummary[];
	/** Local files it includes (repository-relative). */
	includes: string[];
	/** The jobs each job `needs:` (by job name). */
	needs: Map<string, string[]>;
	/** It includes GitLab's Container-Scanning template. */
	containerScanning: boolean;
	/**
	 * Job definitions of this file, hidden ones (`.template`) included, for `extends:` and
	 * `!reference` across files. A hidden key may hold a list (a shared rule set), not a job.
	 */
	definitions: Map<string, unknown>;
	problems: string[];
}

/** GitLab follows `extends:` at most this deep. */
const EXTENDS_DEPTH = 11;
/** GitLab resolves `!reference` tags nested at most this deep. */
const REFERENCE_DEPTH = 10;

/**
 * GitLab's `!reference [.job, key, …]` tag, read as a marker object and replaced by what it names
 * once every definition is known. Without the tag in the schema a pipeline that uses it (most
 * large ones do, for shared `before_script`s) would not parse at all.
 */
const REFERENCE_KEY = '!reference';
const GITLAB_YAML_SCHEMA = jsYaml.DEFAULT_SCHEMA.extend([new jsYaml.Type('!reference', { kind: 'sequence', construct: (data: unknown) => ({ [REFERENCE_KEY]: data }) })]);

/** One pipeline file as read: its YAML parsed once, its includes and its definitions. */
interface PipelineFile {
	file: string;
	root: Json | null;
	includes: string[];
	containerScanning: boolean;
	definitions: Map<string, unknown>;
	/** Parse problems and includes that are not followed. */
	notes: string[];
}

function readPipelineFile(file: string, text: string): PipelineFile {
	const { documents, problems } = parseManifestDocuments(text, GITLAB_YAML_SCHEMA);
	const root = documents[0]?.value;
	const notes = problems.map((problem) => `line ${problem}`);
	if (!isObject(root)) return { file, root: null, includes: [], containerScanning: false, definitions: new Map(), notes };
	const includes: string[] = [];
	let containerScanning = false;
	const includeEntries = Array.isArray(root.include) ? root.include : root.include === undefined ? [] : [root.include];
	for (const entry of includeEntries) {
		const local = typeof entry === 'string' ? (entry.includes('://') ? null : entry) : isObject(entry) && typeof entry.local === 'string' ? entry.local : null;
		if (local !== null && !local.includes('*')) includes.push(path.posix.normalize(local.replace(/^\//, '')));
		const template = isObject(entry) && typeof entry.template === 'string' ? entry.template : typeof entry === 'string' ? entry : '';
		if (CONTAINER_SCANNING_TEMPLATE.test(template)) containerScanning = true;
		// Other projects' files and URLs are not fetched: what they define is not read, and that is said.
		const remote = isObject(entry) && typeof entry.remote === 'string' ? entry.remote : typeof entry === 'string' && entry.includes('://') ? entry : null;
		if (remote !== null) notes.push(`include of ${remote} is not fetched; jobs it defines are not read`);
		if (isObject(entry) && typeof entry.project === 'string') notes.push(`include of ${[entry.file].flat().join(', ')} from project ${entry.project} is not fetched; jobs it defines are not read`);
		if (isObject(entry) && typeof entry.component === 'string') notes.push(`CI/CD component ${entry.component} is not fetched; jobs it defines are not read`);
	}
	const definitions = new Map<string, unknown>();
	for (const [name, job] of Object.entries(root)) if (!GLOBAL_KEYS.has(name) && (isObject(job) || name.startsWith('.'))) definitions.set(name, job);
	return { file, root, includes, containerScanning, definitions, notes };
}

/** The jobs of one read file, with `extends:` and `!reference` resolved against the pipeline's definitions. */
function pipelineJobs({ file, root, definitions: own }: PipelineFile, pipeline: ReadonlyMap<string, unknown>): { jobs: WorkflowSummary[]; needs: Map<string, string[]>; notes: string[] } {
	const jobs: WorkflowSummary[] = [];
	const needs = new Map<string, string[]>();
	const notes: string[] = [];
	if (root === null) return { jobs, needs, notes };
	const defaults = objectAt(root, 'default');
	const sharedScript = [...lines(resolveReferences('before_script', root.before_script, pipeline, notes, 0)), ...lines(resolveReferences('default', defaults.before_script, pipeline, notes, 0))];
	for (const [name, declared] of own) {
		if (name.startsWith('.') || !isObject(declared)) continue;
		const job = resolveReferences(name, resolveExtends(name, declared, pipeline, notes, 0), pipeline, notes, 0) as Json;
		const commands = [...sharedScript, ...lines(job.before_script), ...lines(job.script), ...lines(job.after_script)];
		const all = commands.join('\n');
		needs.set(name, needsOf(job));
		const image = typeof job.image === 'string' ? job.image : isObject(job.image) && typeof job.image.name === 'string' ? job.image.name : '';
		jobs.push({
			file,
			name: `${name}`,
			pathFilters: changesOf(job),
			directories: [],
			commands,
			runsTests: /\b(test|tests|pytest|jest|vitest|rspec|ctest)\b/i.test(all) || /\btest\b/i.test(String(job.stage ?? '')),
			buildsImage: /\b(docker\s+(buildx\s+)?build|kaniko|\/kaniko\/executor|buildah\s+bud|buildah\s+build)\b/.test(all),
			scanners: SCANNERS.filter(([, pattern]) => pattern.test(all) || pattern.test(image)).map(([scanner]) => scanner),
		});
	}
	return { jobs, needs, notes };
}

/**
 * One pipeline file's jobs. `definitions` are every job definition of the pipeline (all its files),
 * for `extends:` and `!reference`; without it, the file's own.
 */
export function parseGitlabCi(file: string, text: string, definitions?: ReadonlyMap<string, unknown>): GitlabPipelineFile {
	const read = readPipelineFile(file, text);
	const { jobs, needs, notes } = pipelineJobs(read, definitions ?? read.definitions);
	return { file, jobs, includes: read.includes, needs, containerScanning: read.containerScanning, definitions: read.definitions, problems: [...read.notes, ...notes] };
}

/** A job with what it `extends:` merged in, as GitLab does: hashes deep-merged, lists and values replaced, the job's own keys last. */
function resolveExtends(name: string, job: Json, definitions: ReadonlyMap<string, unknown>, notes: string[], depth: number, origin = name): Json {
	const parents = typeof job.extends === 'string' ? [job.extends] : Array.isArray(job.extends) ? job.extends.filter((entry): entry is string => typeof entry === 'string') : [];
	if (parents.length === 0) return job;
	if (depth >= EXTENDS_DEPTH) {
		notes.push(`job ${origin}: extends: nests deeper than ${EXTENDS_DEPTH} levels (GitLab's limit); the rest is not followed`);
		return job;
	}
	let merged: Json = {};
	for (const parent of parents) {
		const definition = definitions.get(parent);
		if (!isObject(definition)) {
			notes.push(`job ${name}: extends "${parent}", which the pipeline does not define (or defines in a file Shipshape does not fetch)`);
			continue;
		}
		merged = deepMerge(merged, resolveExtends(parent, definition, definitions, notes, depth + 1, origin));
	}
	const { extends: _extends, ...own } = job;
	return deepMerge(merged, own);
}

/**
 * `value` with every `!reference [.job, key, …]` replaced by what it names, as GitLab does after
 * `extends:`; a reference inside what is named is resolved too, at most REFERENCE_DEPTH deep. A
 * reference to nothing is said and dropped (GitLab would refuse the pipeline).
 */
function resolveReferences(job: string, value: unknown, definitions: ReadonlyMap<string, unknown>, notes: string[], depth: number): unknown {
	if (Array.isArray(value)) return value.map((item) => resolveReferences(job, item, definitions, notes, depth));
	if (!isObject(value)) return value;
	const reference = value[REFERENCE_KEY];
	if (reference === undefined) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(job, item, definitions, notes, depth)]));
	const names = Array.isArray(reference) ? reference.filter((part): part is string => typeof part === 'string') : [];
	if (depth >= REFERENCE_DEPTH) {
		notes.push(`job ${job}: !reference tags nest deeper than ${REFERENCE_DEPTH} levels (GitLab's limit); the rest is not followed`);
		return [];
	}
	let target: unknown = names.length > 0 ? definitions.get(names[0]!) : undefined;
	for (const key of names.slice(1)) target = isObject(target) ? target[key] : undefined;
	if (names.length === 0 || target === undefined) {
		notes.push(`job ${job}: !reference [${names.join(', ')}] names nothing the pipeline defines (or defines in a file Shipshape does not fetch)`);
		return [];
	}
	return resolveReferences(job, target, definitions, notes, depth + 1);
}

function deepMerge(base: Json, over: Json): Json {
	const merged: Json = { ...base };
	for (const [key, value] of Object.entries(over)) merged[key] = isObject(value) && isObject(merged[key]) ? deepMerge(merged[key] as Json, value) : value;
	return merged;
}

/**
 * The jobs of a pipeline: the root file and, transitively, the local files it includes (read by
 * `read`), with the Container-Scanning template applied to every job that builds an image.
 */
export async function readGitlabPipeline(read: (file: string) => Promise<string | null>): Promise<{ jobs: WorkflowSummary[]; problems: { file: string; message: string }[] }> {
	const pending = [GITLAB_CI_FILE];
	const seen = new Set<string>();
	const files: PipelineFile[] = [];
	const problems: { file: string; message: string }[] = [];
	const definitions = new Map<string, unknown>();
	while (pending.length > 0) {
		const file = pending.shift()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const text = await read(file);
		if (text === null) {
			if (file !== GITLAB_CI_FILE) problems.push({ file, message: `included from the pipeline but not in the repository; fix the \`include: local:\` path` });
			continue;
		}
		const parsed = readPipelineFile(file, text);
		files.push(parsed);
		// Included files' definitions first; the including file's own win, as in GitLab.
		for (const [name, definition] of parsed.definitions) if (!definitions.has(name) || file === GITLAB_CI_FILE) definitions.set(name, definition);
		pending.push(...parsed.includes);
	}
	// Jobs once every definition `extends:` and `!reference` can name is known.
	const resolved = files.map((parsed) => ({ parsed, ...pipelineJobs(parsed, definitions) }));
	for (const { parsed, notes } of resolved) for (const message of [...parsed.notes, ...notes]) problems.push({ file: parsed.file, message });
	const scanning = files.some((parsed) => parsed.containerScanning);
	const scanned = resolved.flatMap(({ jobs }) => jobs).map((job) => (scanning && job.buildsImage && !job.scanners.includes('GitLab Container Scanning') ? { ...job, scanners: [...job.scanners, 'GitLab Container Scanning'] } : job));
	const needs = new Map(resolved.flatMap(({ needs: byJob }) => [...byJob]));
	return { jobs: withNeededPaths(scanned, needs), problems };
}

/**
 * A job with no `changes:` paths of its own that `needs:` other jobs runs for what they run for: a
 * scanner job that needs `orders:image` scans the orders image. It takes their paths (transitively).
 */
function withNeededPaths(jobs: readonly WorkflowSummary[], needs: ReadonlyMap<string, readonly string[]>): WorkflowSummary[] {
	const byName = new Map(jobs.map((job) => [job.name, job]));
	const pathsOf = (name: string, seen: Set<string>): string[] => {
		if (seen.has(name)) return [];
		seen.add(name);
		const job = byName.get(name);
		if (job === undefined) return [];
		if (job.pathFilters.length > 0) return job.pathFilters;
		return (needs.get(name) ?? []).flatMap((needed) => pathsOf(needed, seen));
	};
	return jobs.map((job) => (job.pathFilters.length > 0 || (needs.get(job.name) ?? []).length === 0 ? job : { ...job, pathFilters: [...new Set(pathsOf(job.name, new Set()))] }));
}

/** `needs: [build, { job: test }]` (with `!reference` lists flattened), as job names. */
function needsOf(job: Json): string[] {
	return arrayAt(job, 'needs')
		.flat(REFERENCE_DEPTH)
		.flatMap((entry) => (typeof entry === 'string' ? [entry] : isObject(entry) && typeof entry.job === 'string' ? [entry.job] : []));
}

function lines(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	return Array.isArray(value) ? value.flatMap(lines) : [];
}

/** `rules: - changes: [...]` (or `changes: { paths: [...] }`) and `only: changes: [...]`. */
function changesOf(job: Json): string[] {
	const paths: string[] = [];
	const add = (changes: unknown) => {
		const list = isObject(changes) ? arrayAt(changes, 'paths') : Array.isArray(changes) ? changes : [];
		paths.push(...list.filter((entry): entry is string => typeof entry === 'string'));
	};
	// A `!reference` in `rules:` leaves a nested list, which GitLab flattens.
	for (const rule of arrayAt(job, 'rules').flat(REFERENCE_DEPTH).filter(isObject)) add(rule.changes);
	add(objectAt(job, 'only').changes);
	return paths;
}

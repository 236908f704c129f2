// Services nobody declared, inferred from what builds and deploys: a Dockerfile, a Compose build, a
// Skaffold or Tilt artifact, a .NET Aspire AppHost resource, or a package manifest whose directory a
// deployment names. Every signal about one service meets in one record at the directory where its
// code lives (roots.ts); what only looks like a service (generated code, tests, base images,
// examples) goes to the candidates list instead. The same signals then give every service the other
// names it goes by (aliases) and the services it calls (dependencies).
import path from 'node:path';
import type { Evidence } from '../../catalog/schema/common.ts';
import { extractWorkload, imageName, objectsOf } from '../k8s-manifests/extract.ts';
import { uniqueByValue } from '../lib/evidence.ts';
import { readMany } from '../lib/files.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';
import { toId } from '../lib/names.ts';
import { isDockerfile } from '../repo-files/extract.ts';
import type { CollectorProblem } from '../types.ts';
import { isAspireAppHostProject, parseAppHost, projectReferences } from './aspire.ts';
import { blankSeed, type ServiceSeed } from './declared.ts';
import { readDockerfileBuild, type DockerfileBuild } from './dockerfiles.ts';
import { normalisedKey } from './naming.ts';
import { buildRoot, directoriesOf, entryDirectory, notAService, serviceDirectory } from './roots.ts';
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';
import { COMPOSE_FILE, HELM_CHART_FILE, PACKAGE_MANIFEST, SKAFFOLD_FILE, parseChartName, parseCompose, parseDotEnv, parseSkaffold, parseTiltfile, selectedProgram } from './signals.ts';

const TILTFILE = /(^|\/)Tiltfile$/;
const PROJECT_FILE = /\.(cs|fs|vb)proj$/;
/** Files of a programming language: a directory with none holds configuration, not a service's code. */
const SOURCE_FILE = /\.(go|py|js|mjs|cjs|ts|tsx|jsx|java|kt|kts|scala|cs|fs|vb|rb|php|rs|c|cc|cpp|cxx|h|hpp|ex|exs|erl|swift|clj|dart|lua|pl|hs|ml|zig)$/;

/** Something a deployment or an orchestrator runs, the names it gives it (the main one first) and where it was seen. */
export interface DeployName {
	name: string;
	/** Every name of the same thing (workload name, app label, image names), `name` first. */
	names: string[];
	kind: string;
	evidence: Evidence;
	/** The orchestrator's name is the service's name (a Compose service, an Aspire resource), not only an alias. */
	namesService: boolean;
	/** Build context and Dockerfile, when the signal builds something here. */
	build: { context: string; dockerfile: string | null; composeFile: string | null } | null;
	/** The images it runs, and the program it selects (`command: ./geo`), when it says. */
	images: string[];
	program: string | null;
	/** Why it is not a service although it builds (a test image, generated code), or null. */
	notService: string | null;
	/** The service root the signal points to (roots.ts); null when it builds nothing from this repository. */
	root: string | null;
	/** Why that root, for the evidence. */
	rootReason: string | null;
	/** Names of services it calls (depends_on, hostnames in env values, Aspire references). */
	calls: string[];
	/** Declared without a directory of its own: a record with `path: null` (an Aspire proxy). */
	pathless: boolean;
	/** The Dockerfile of the shared image it runs, when it runs one built beside its Compose file. */
	sharedDockerfile?: string;
}

export interface Signals {
	deployNames: DeployName[];
	/** Dockerfiles by path, with the images they build on and what they copy. */
	dockerfiles: Map<string, DockerfileBuild>;
}

export async function readSignals(
	repoRoot: string,
	files: readonly string[],
	readFile: (root: string, relativePath: string) => Promise<string>,
	problems: CollectorProblem[],
): Promise<Signals> {
	const visible = (file: string) => !file.split('/').some((segment) => segment.startsWith('.') && segment.length > 1);
	const dockerfilePaths = files.filter((file) => isDockerfile(file) && visible(file));
	const composeFiles = new Set(files.filter((file) => COMPOSE_FILE.test(file)));
	const dotEnvFiles = files.filter((file) => path.posix.basename(file) === '.env' && [...composeFiles].some((compose) => path.posix.dirname(compose) === path.posix.dirname(file)));
	const candidates = [
		...files.filter((file) => COMPOSE_FILE.test(file) || SKAFFOLD_FILE.test(file) || HELM_CHART_FILE.test(file) || TILTFILE.test(file) || PROJECT_FILE.test(file) || /\.ya?ml$/.test(file)),
		...dockerfilePaths,
		...dotEnvFiles,
	];
	const read = await readMany(readFile, candidates.map((file) => ({ root: repoRoot, relative: file })));
	const texts = new Map(candidates.map((file, index) => [file, read[index]!.text]));
	// Unreadable files are reported by the collector that needs them (k8s-manifests reads all YAML, repo-files the Dockerfiles).
	const textOf = (file: string) => texts.get(file) ?? null;

	const dockerfiles = new Map<string, DockerfileBuild>();
	for (const file of dockerfilePaths) {
		const text = textOf(file);
		if (text !== null) dockerfiles.set(file, readDockerfileBuild(text));
	}
	const deployNames: DeployName[] = [];
	const signal = (entry: Omit<DeployName, 'root' | 'rootReason' | 'namesService' | 'pathless' | 'build' | 'images' | 'program' | 'notService'> & Partial<DeployName>): DeployName => ({
		namesService: false,
		build: null,
		images: [],
		program: null,
		root: null,
		rootReason: null,
		notService: null,
		pathless: false,
		...entry,
	});
	for (const file of candidates) {
		const text = textOf(file);
		if (text === null || dockerfiles.has(file) || path.posix.basename(file) === '.env') continue;
		if (COMPOSE_FILE.test(file)) {
			const dotEnv = textOf(path.posix.join(path.posix.dirname(file), '.env'));
			const parsed = parseCompose(file, text, dotEnv === null ? {} : parseDotEnv(dotEnv));
			problems.push(...parsed.problems.map((message) => ({ serviceId: null, file, message })));
			for (const service of parsed.items) {
				const names = [service.name, ...(service.image === null ? [] : [imageName(service.image)])].filter((name) => name !== '');
				deployNames.push(
					signal({
						name: service.name,
						names: [...new Set(names)],
						kind: 'Compose service',
						namesService: true,
						evidence: { file, line: service.line },
						build: service.buildContext === null ? null : { context: service.buildContext, dockerfile: service.dockerfile, composeFile: file },
						images: service.image === null ? [] : [service.image],
						program: service.entrypoint,
						calls: [...service.dependsOn, ...service.hosts],
					}),
				);
			}
		} else if (SKAFFOLD_FILE.test(file) || TILTFILE.test(file)) {
			const parsed = TILTFILE.test(file) ? parseTiltfile(file, text) : parseSkaffold(file, text);
			problems.push(...parsed.problems.map((message) => ({ serviceId: null, file, message })));
			const kind = TILTFILE.test(file) ? 'Tilt docker_build' : 'Skaffold artifact';
			for (const artifact of parsed.items) {
				const name = imageName(artifact.image);
				if (name === '') continue;
				const line = 'line' in artifact ? (artifact.line as number) : undefined;
				deployNames.push(signal({ name, names: [name], kind, evidence: { file, ...(line === undefined ? {} : { line }), detail: artifact.image }, build: artifact.context === null ? null : { context: artifact.context, dockerfile: artifact.dockerfile, composeFile: null }, images: [artifact.image], calls: [] }));
			}
		} else if (PROJECT_FILE.test(file)) {
			if (isAspireAppHostProject(text)) deployNames.push(...(await readAppHost(repoRoot, file, text, files, readFile)));
		} else if (HELM_CHART_FILE.test(file)) {
			const name = parseChartName(text);
			if (name !== null) deployNames.push(signal({ name, names: [name], kind: 'Helm chart', evidence: { file }, calls: [] }));
		} else if (/\bapiVersion\b/.test(text) && /\bkind\b/.test(text) && !(/(^|\/)templates\//.test(file) && text.includes('{{'))) {
			// Parse problems of manifests are reported by the k8s-manifests collector.
			for (const document of parseManifestDocuments(text).documents) {
				for (const object of objectsOf(document.value, document.line)) {
					const workload = extractWorkload(object);
					if (workload === null) continue;
					const evidence = { file, line: object.line, resource: `${object.kind}/${object.namespace}/${object.name}` };
					const names = [...new Set([object.name, workload.labels['app.kubernetes.io/name'], workload.labels.app, ...workload.images.map(imageName)].filter((name): name is string => typeof name === 'string' && name !== ''))];
					deployNames.push(signal({ name: object.name, names, kind: `Kubernetes ${object.kind}`, evidence, images: workload.images, program: workloadProgram(object.raw, object.kind), calls: workload.hosts }));
				}
			}
		}
	}
	resolveRoots(deployNames, files, dockerfiles);
	return { deployNames, dockerfiles };
}

/** The program a workload's first container selects with `command:` (else `args:`), as Compose's `entrypoint:`. */
function workloadProgram(raw: unknown, kind: string): string | null {
	const spec = objectAt(raw as Json, 'spec');
	const template = kind === 'CronJob' ? objectAt(objectAt(objectAt(spec, 'jobTemplate'), 'spec'), 'template') : objectAt(spec, 'template');
	const container = arrayAt(objectAt(template, 'spec'), 'containers').find(isObject);
	if (container === undefined) return null;
	return selectedProgram(container.command) ?? selectedProgram(container.args);
}

/** Resources of an Aspire AppHost project: its C# sources beside the project file, with its project references. */
async function readAppHost(repoRoot: string, projectFile: string, projectText: string, files: readonly string[], readFile: (root: string, relativePath: string) => Promise<string>): Promise<DeployName[]> {
	const directory = path.posix.dirname(projectFile);
	const sources = files.filter((file) => file.endsWith('.cs') && path.posix.dirname(file) === directory);
	const texts = await readMany(readFile, sources.map((file) => ({ root: repoRoot, relative: file })));
	const projects = projectReferences(projectFile, projectText);
	const names: DeployName[] = [];
	for (const [index, file] of sources.entries()) {
		const text = texts[index]!.text;
		if (text === null || !/DistributedApplication\s*\.\s*CreateBuilder/.test(text)) continue;
		for (const resource of parseAppHost(text, directory, projects)) {
			const resourceNames = [resource.name, ...(resource.image === null ? [] : [imageName(resource.image)])].filter((name) => name !== '');
			names.push({
				name: resource.name,
				names: [...new Set(resourceNames)],
				kind: `Aspire ${resource.method}`,
				evidence: { file, line: resource.line, detail: `${resource.method}("${resource.name}")` },
				namesService: resource.method !== 'AddContainer',
				build: null,
				images: resource.image === null ? [] : [resource.image],
				program: null,
				notService: resource.method === 'AddContainer' ? `a container image (${resource.image ?? 'no image named'}) that the AppHost runs; third-party unless you build it` : null,
				root: resource.directory,
				rootReason: resource.directory === null ? null : `the AppHost's project reference or path for "${resource.name}"`,
				calls: resource.references,
				pathless: resource.method === 'AddYarp',
			});
		}
	}
	return names;
}

/**
 * Each signal's service root (roots.ts), knowing how many services share each image: a build's
 * root; and for Compose services that run one image built here under several names, each selecting
 * its program, the directory of that program under the Compose file's directory.
 */
function resolveRoots(deployNames: DeployName[], files: readonly string[], dockerfiles: ReadonlyMap<string, DockerfileBuild>): void {
	const directories = directoriesOf(files);
	// Directories with a package manifest at or below them.
	const manifestDirectories = directoriesOf(files.filter((file) => PACKAGE_MANIFEST.test(file)));
	const imageKey = (build: NonNullable<DeployName['build']>) => build.dockerfile ?? path.posix.join(build.context, 'Dockerfile');
	const namesPer = new Map<string, Set<string>>();
	const count = (key: string, name: string) => namesPer.set(key, (namesPer.get(key) ?? new Set()).add(name));
	for (const signal of deployNames) {
		if (signal.build !== null) count(imageKey(signal.build), signal.name);
		for (const image of signal.images) count(`image:${imageName(image)}`, signal.name);
	}
	const shared = (key: string) => namesPer.get(key)?.size ?? 0;
	for (const signal of deployNames) {
		// An image name that several differently named services run names none of them.
		const sharedImages = new Set(signal.images.map(imageName).filter((name) => shared(`image:${name}`) > 1));
		signal.names = signal.names.filter((name) => name === signal.name || !sharedImages.has(name));
		if (signal.build !== null) {
			const dockerfile = imageKey(signal.build);
			const choice = buildRoot({ ...signal.build, program: signal.program, sharedBy: shared(dockerfile) }, directories, dockerfiles.get(dockerfile)?.copies ?? [], manifestDirectories);
			signal.root = choice.root;
			signal.rootReason = choice.reason;
		} else if ((signal.kind === 'Compose service' || signal.kind.startsWith('Kubernetes ')) && signal.images.length === 1 && signal.program !== null && sharedImages.size === 1) {
			// One image run under several names, each selecting its program: the program's code is in
			// cmd/<name> (or services/<name>, …) of the application, found from the file's directory up.
			for (let base = path.posix.dirname(signal.evidence.file ?? '.'); ; base = path.posix.dirname(base)) {
				const entry = entryDirectory(base, signal.program, directories, false);
				if (entry !== null) {
					signal.root = entry;
					signal.rootReason = `runs \`${signal.program}\` from the image ${signal.images[0]}, shared with other services; its code is in ${entry}`;
					signal.sharedDockerfile = path.posix.join(base, 'Dockerfile');
					signal.namesService = true;
					break;
				}
				if (base === '.') break;
			}
		}
		if (signal.root !== null && signal.notService === null) {
			const composeFile = signal.kind === 'Compose service' ? (signal.evidence.file ?? null) : null;
			signal.notService = notAService({ root: signal.root, dockerfile: signal.build?.dockerfile ?? null, composeFile, name: signal.namesService ? signal.name : null });
		}
	}
}

export interface InferInput {
	files: readonly string[];
	declared: readonly ServiceSeed[];
	signals: Signals;
	stripSuffixes: readonly string[];
}

/** A directory (or an orchestrator entry) that looks like a service but is not catalogued until someone confirms it. */
export interface Candidate {
	path: string | null;
	name: string;
	reason: string;
	evidence: Evidence[];
	/** The one change that would make it a service. */
	confirm: string;
}

/** One id claimed by two different services: the first is catalogued, the others wait for a decision. */
export interface IdClash {
	id: string;
	candidates: { path: string | null; evidence: Evidence[] }[];
	resolve: string;
}

export interface Inference {
	services: ServiceSeed[];
	candidates: Candidate[];
	clashes: IdClash[];
}

interface Claim {
	root: string | null;
	/** The service's name from an orchestrator, or null to name it after its directory. */
	name: string | null;
	kind: string;
	evidence: Evidence;
	/** Why it is not a service (generated code, a test), or null. */
	notAService: string | null;
}

/** Services nobody declared: one per directory where built or orchestrated code lives (or per named service sharing one). */
export function inferServices({ files, declared, signals, stripSuffixes }: InferInput): Inference {
	const declaredRoots = new Set(declared.map((service) => service.path).filter((root): root is string => root !== null && root !== '.'));
	const covered = (directory: string) => {
		for (let current = directory; current !== '.'; current = path.posix.dirname(current)) if (declaredRoots.has(current)) return true;
		// A service declared at the repository root does not cover the services inside it.
		return false;
	};
	const claims: Claim[] = [];
	const claim = (entry: Claim) => {
		if (entry.root === null || !covered(entry.root)) claims.push(entry);
	};

	// Builds and orchestrator entries first: they say where the service is and what it is called.
	const builtDockerfiles = new Set<string>();
	for (const signal of signals.deployNames) {
		if (signal.build !== null) builtDockerfiles.add(signal.build.dockerfile ?? path.posix.join(signal.build.context, 'Dockerfile'));
		if (signal.sharedDockerfile !== undefined) builtDockerfiles.add(signal.sharedDockerfile);
		if (signal.root === null && !signal.pathless && !(signal.kind === 'Aspire AddContainer')) continue;
		const detail = signal.rootReason === null ? `${signal.kind} "${signal.name}"` : `${signal.kind} "${signal.name}": ${signal.rootReason}`;
		claim({ root: signal.root, name: signal.root === null || signal.namesService ? signal.name : null, kind: signal.kind, evidence: { ...signal.evidence, detail }, notAService: signal.notService });
	}
	// A Dockerfile no build names is a service of its own directory.
	for (const [file] of signals.dockerfiles) {
		if (builtDockerfiles.has(file)) continue;
		const root = serviceRootOfDockerfile(file);
		claim({ root, name: null, kind: 'Dockerfile', evidence: { file, detail: 'Dockerfile without a service descriptor' }, notAService: notAService({ root, dockerfile: file }) });
	}
	// A package manifest alone is a library; a deployment that names its directory makes it a service.
	const claimedRoots = new Set(claims.map((entry) => entry.root));
	const deployedKeys = new Map<string, DeployName>();
	for (const signal of signals.deployNames) for (const name of signal.names) if (!deployedKeys.has(normalisedKey(name, stripSuffixes))) deployedKeys.set(normalisedKey(name, stripSuffixes), signal);
	for (const file of files.filter((candidate) => PACKAGE_MANIFEST.test(candidate))) {
		const directory = path.posix.dirname(file);
		// The module that several services' roots sit inside (one go.mod for cmd/*) is their shared code, not a service.
		if (directory === '.' || claimedRoots.has(directory) || claims.some((entry) => entry.root?.startsWith(`${directory}/`))) continue;
		const deployed = deployedKeys.get(normalisedKey(path.posix.basename(directory), stripSuffixes));
		if (deployed === undefined || deployed.root !== null) continue;
		claimedRoots.add(directory);
		const where = `${deployed.evidence.file}${deployed.evidence.line ? `:${deployed.evidence.line}` : ''}`;
		claim({ root: directory, name: null, kind: 'package manifest', evidence: { file, detail: `package manifest; deployed as ${deployed.kind} "${deployed.name}" (${where})` }, notAService: notAService({ root: directory }) });
	}

	const sourceDirectories = directoriesOf(files.filter((file) => SOURCE_FILE.test(file)));
	const hasSourceCode = (root: string) => sourceDirectories.has(root);
	const candidates: Candidate[] = [];
	const groups = groupClaims(claims);
	const baseImages = baseImageNames(signals);
	const kept: { root: string | null; names: string[]; evidence: Evidence[] }[] = [];
	for (const group of groups) {
		const included = group.claims.filter((entry) => entry.notAService === null);
		const evidence = uniqueByValue(group.claims.map((entry) => entry.evidence));
		const fallbackName = group.root === null ? group.claims[0]!.name! : group.root === '.' ? 'root' : path.posix.basename(group.root);
		if (included.length === 0) {
			candidates.push(candidateOf(group.root, group.claims.find((entry) => entry.name !== null)?.name ?? fallbackName, [...new Set(group.claims.map((entry) => entry.notAService!))].join('; '), evidence));
			continue;
		}
		const names = [...new Set(included.map((entry) => entry.name).filter((name): name is string => name !== null))];
		const onlyDockerfiles = included.every((entry) => entry.kind === 'Dockerfile');
		const usedAsBase = group.root === null || !onlyDockerfiles ? undefined : baseImages(normalisedKey(path.posix.basename(group.root), []), group.root);
		const deployed = deployedKeys.has(normalisedKey(fallbackName, stripSuffixes));
		if (usedAsBase !== undefined && !deployed) {
			candidates.push(candidateOf(group.root, fallbackName, `a base or toolchain image: other Dockerfiles build FROM it (${usedAsBase}), and nothing deploys it`, evidence));
			continue;
		}
		if (onlyDockerfiles && group.root !== null && !deployed && !hasSourceCode(group.root)) {
			candidates.push(candidateOf(group.root, fallbackName, 'an image definition with no code of its own beside it, and nothing deploys it by this name', evidence));
			continue;
		}
		kept.push({ root: group.root, names: names.length > 0 ? names : [fallbackName], evidence: uniqueByValue(included.map((entry) => entry.evidence)) });
	}
	// The repository root is a service only when the repository is one service.
	const others = kept.filter((entry) => entry.root !== '.' && entry.root !== null).length + declared.filter((service) => service.path !== '.').length;
	const services: ServiceSeed[] = [];
	const clashes = new Map<string, IdClash>();
	const byId = new Map<string, { path: string | null; evidence: Evidence[] }>(declared.map((service) => [service.id, { path: service.path, evidence: service.foundBy }]));
	// When two services claim one id, the shallower directory keeps it (then the first by path).
	const depth = (root: string | null) => (root === null ? 0 : root.split('/').length);
	for (const entry of [...kept].sort((a, b) => depth(a.root) - depth(b.root) || compare(a.root ?? '', b.root ?? ''))) {
		if (entry.root === '.' && others > 0) {
			candidates.push(candidateOf('.', entry.names[0]!, `builds from the repository root, which holds ${others} other service${others === 1 ? '' : 's'} with directories of their own`, entry.evidence));
			continue;
		}
		for (const name of entry.names) {
			const id = toId(name);
			if (id === '') continue;
			const existing = byId.get(id);
			if (existing !== undefined) {
				const clash = clashes.get(id) ?? { id, candidates: [existing], resolve: clashResolution(id) };
				clash.candidates.push({ path: entry.root, evidence: entry.evidence });
				clashes.set(id, clash);
				continue;
			}
			byId.set(id, { path: entry.root, evidence: entry.evidence });
			services.push(seedOf(id, name, entry.root, entry.names.length === 1 ? entry.names : [name], entry.evidence));
		}
	}
	return { services, candidates: candidates.sort((a, b) => compare(a.path ?? '', b.path ?? '') || compare(a.name, b.name)), clashes: [...clashes.values()].sort((a, b) => compare(a.id, b.id)) };
}

/** The service a Dockerfile on its own belongs to: its directory, or the code's directory for `svc/src/Dockerfile`. */
function serviceRootOfDockerfile(file: string): string {
	return serviceDirectory(path.posix.dirname(file));
}

function groupClaims(claims: readonly Claim[]): { root: string | null; claims: Claim[] }[] {
	const groups = new Map<string, { root: string | null; claims: Claim[] }>();
	for (const entry of claims) {
		const key = entry.root === null ? `\u0001${entry.name}` : entry.root;
		const group = groups.get(key) ?? { root: entry.root, claims: [] };
		group.claims.push(entry);
		groups.set(key, group);
	}
	return [...groups.entries()].sort(([a], [b]) => compare(a, b)).map(([, group]) => group);
}

/**
 * Which Dockerfiles outside a directory build FROM an image of a given (normalised) name, in words,
 * or undefined when none does: a Dockerfile's own `FROM logstash` says nothing about `logstash/`.
 */
function baseImageNames(signals: Signals): (key: string, root: string) => string | undefined {
	const users = new Map<string, string[]>();
	for (const [file, build] of [...signals.dockerfiles].sort(([a], [b]) => compare(a, b))) {
		for (const image of build.baseImages) {
			const key = normalisedKey(imageName(image), []);
			if (key !== '' && users.get(key)?.at(-1) !== file) users.set(key, [...(users.get(key) ?? []), file]);
		}
	}
	return (key, root) => {
		const outside = (users.get(key) ?? []).filter((file) => !(root === '.' || file.startsWith(`${root}/`)));
		if (outside.length === 0) return undefined;
		return outside.length <= 3 ? outside.join(', ') : `${outside.slice(0, 3).join(', ')} and ${outside.length - 3} more`;
	};
}

function candidateOf(root: string | null, name: string, reason: string, evidence: Evidence[]): Candidate {
	const confirm =
		root === null
			? `If "${name}" is a service of yours, declare it: a service.yaml with \`name: ${toId(name)}\` where its code or configuration lives.`
			: `If ${root} is a service, confirm it in shipshape.config.yaml: \`discovery: { roots: [{ path: ${root}, name: ${toId(name) || 'its-name'} }] }\` (or add a service.yaml there).`;
	return { path: root, name, reason, evidence, confirm };
}

function clashResolution(id: string): string {
	return `Two services are both called "${id}". If they are one service, remove the extra build or descriptor; if they are two, give one another name in its descriptor (\`name:\`) or in \`discovery.roots\` (\`name:\`).`;
}

function seedOf(id: string, name: string, root: string | null, names: readonly string[], evidence: Evidence[]): ServiceSeed {
	return blankSeed({
		id,
		name,
		path: root,
		registered: false,
		// The directory's name is a name people use too (`check --service seed-data`).
		aliases: [...new Set([...names, ...(root === null || root === '.' ? [] : [path.posix.basename(root)])])].filter((alias) => alias !== id).sort(),
		foundBy: evidence,
	});
}

export interface LinkResult {
	/** Extra aliases and dependencies per service id. */
	aliases: Map<string, Set<string>>;
	dependsOn: Map<string, Set<string>>;
	/** Deployment names that no service answers to. */
	unlinked: DeployName[];
}

/**
 * Links deployment names to services: by service root first, then by name through ids, names and
 * aliases (normalised), and records what each service is called and what it calls.
 */
export function linkSignals(services: readonly ServiceSeed[], signals: Signals, stripSuffixes: readonly string[], candidates: readonly Candidate[] = []): LinkResult {
	// A build whose directory is a candidate is listed there already, not as an unlinked deployment.
	const candidateRoots = new Set(candidates.map((candidate) => candidate.path));
	const byKey = new Map<string, string>();
	for (const service of services) {
		for (const name of [service.id, service.name, ...service.aliases]) {
			const key = normalisedKey(name, stripSuffixes);
			if (key !== '' && !byKey.has(key)) byKey.set(key, service.id);
		}
	}
	const byPath = new Map<string, string[]>();
	for (const service of services) if (service.path !== null) byPath.set(service.path, [...(byPath.get(service.path) ?? []), service.id]);
	const resolveName = (name: string) => byKey.get(normalisedKey(name, stripSuffixes)) ?? null;
	const resolveByNames = (signal: DeployName) => signal.names.map(resolveName).find((id) => id !== null) ?? null;
	const resolveSignal = (signal: DeployName): string | null => {
		const atRoot = signal.root === null ? [] : (byPath.get(signal.root) ?? []);
		if (atRoot.length === 1) return atRoot[0]!;
		if (atRoot.length > 1) return atRoot.find((id) => normalisedKey(id, stripSuffixes) === normalisedKey(signal.name, stripSuffixes)) ?? resolveByNames(signal);
		return resolveByNames(signal);
	};

	const aliases = new Map<string, Set<string>>();
	const dependsOn = new Map<string, Set<string>>();
	const unlinked: DeployName[] = [];
	// Compose services and Aspire resources call each other by their own names, so resolve those first.
	const orchestratorNames = new Map<string, string>();
	for (const signal of signals.deployNames) {
		// A test image or generated code built beside a service gives it no name and calls nothing.
		if (signal.notService !== null) continue;
		const serviceId = resolveSignal(signal);
		if (serviceId === null) {
			// Image-only Compose services and Aspire containers are usually third-party (databases, queues), not ours.
			const thirdParty = (signal.kind === 'Compose service' && signal.build === null) || signal.kind === 'Aspire AddContainer';
			if (!thirdParty && !(signal.root !== null && candidateRoots.has(signal.root))) unlinked.push(signal);
			continue;
		}
		if (signal.namesService) orchestratorNames.set(signal.name, serviceId);
		for (const name of signal.names) if (name !== serviceId) aliases.set(serviceId, (aliases.get(serviceId) ?? new Set()).add(name));
	}
	for (const signal of signals.deployNames) {
		const serviceId = signal.notService === null ? resolveSignal(signal) : null;
		if (serviceId === null) continue;
		for (const called of signal.calls) {
			const target = orchestratorNames.get(called) ?? resolveName(called);
			if (target !== null && target !== serviceId) dependsOn.set(serviceId, (dependsOn.get(serviceId) ?? new Set()).add(target));
		}
	}
	return { aliases, dependsOn, unlinked };
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

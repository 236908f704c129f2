// Services nobody declared, inferred from what builds and deploys: a Dockerfile, a Compose
// `build.context`, a Skaffold artifact, or a package manifest whose directory a deployment names
// (Kubernetes workload or image, Helm chart, Compose service). The same signals then give every
// service the other names it goes by (aliases) and the services it calls (dependencies).
import path from 'node:path';
import type { Evidence } from '../../catalog/schema/common.ts';
import { extractWorkload, imageName, objectsOf } from '../k8s-manifests/extract.ts';
import { readMany } from '../lib/files.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';
import { toId, uniqueId } from '../lib/names.ts';
import { isDockerfile } from '../repo-files/extract.ts';
import type { CollectorProblem } from '../types.ts';
import type { ServiceSeed } from './declared.ts';
import { normalisedKey } from './naming.ts';
import { COMPOSE_FILE, HELM_CHART_FILE, PACKAGE_MANIFEST, SKAFFOLD_FILE, parseChartName, parseCompose, parseSkaffold, type ComposeService } from './signals.ts';

/** Directory names that hold a service's build files rather than being the service. */
const BUILD_SUBDIRECTORIES = new Set(['src', 'docker', 'build', 'deploy', 'cmd']);

/** Something a deployment runs, the names it gives it (the main one first) and where it was seen. */
export interface DeployName {
	name: string;
	/** Every name of the same thing (workload name, app label, image names), `name` first. */
	names: string[];
	kind: string;
	evidence: Evidence;
	/** Directory it is built from, when the signal says (Compose build.context, Skaffold context). */
	context: string | null;
	/** Names of services it calls (depends_on, hostnames in env values). */
	calls: string[];
}

export interface Signals {
	deployNames: DeployName[];
	compose: (ComposeService & { file: string })[];
}

export async function readSignals(
	repoRoot: string,
	files: readonly string[],
	readFile: (root: string, relativePath: string) => Promise<string>,
	problems: CollectorProblem[],
): Promise<Signals> {
	const candidates = files.filter((file) => COMPOSE_FILE.test(file) || SKAFFOLD_FILE.test(file) || HELM_CHART_FILE.test(file) || /\.ya?ml$/.test(file));
	const texts = await readMany(readFile, candidates.map((file) => ({ root: repoRoot, relative: file })));
	const deployNames: DeployName[] = [];
	const compose: Signals['compose'] = [];
	for (const [index, file] of candidates.entries()) {
		const text = texts[index]!.text;
		// Unreadable files are reported by the collector that needs them (k8s-manifests reads all YAML).
		if (text === null) continue;
		if (COMPOSE_FILE.test(file)) {
			const parsed = parseCompose(file, text);
			problems.push(...parsed.problems.map((message) => ({ serviceId: null, file, message })));
			for (const service of parsed.items) {
				compose.push({ ...service, file });
				const names = [service.name, ...(service.image === null ? [] : [imageName(service.image)])];
				deployNames.push({ name: service.name, names: [...new Set(names)], kind: 'Compose service', evidence: { file, line: service.line }, context: service.buildContext, calls: [...service.dependsOn, ...service.hosts] });
			}
		} else if (SKAFFOLD_FILE.test(file)) {
			const parsed = parseSkaffold(file, text);
			problems.push(...parsed.problems.map((message) => ({ serviceId: null, file, message })));
			for (const artifact of parsed.items) {
				deployNames.push({ name: imageName(artifact.image), names: [imageName(artifact.image)], kind: 'Skaffold artifact', evidence: { file, detail: artifact.image }, context: artifact.context, calls: [] });
			}
		} else if (HELM_CHART_FILE.test(file)) {
			const name = parseChartName(text);
			if (name !== null) deployNames.push({ name, names: [name], kind: 'Helm chart', evidence: { file }, context: null, calls: [] });
		} else if (/\bapiVersion\b/.test(text) && /\bkind\b/.test(text) && !(/(^|\/)templates\//.test(file) && text.includes('{{'))) {
			// Parse problems of manifests are reported by the k8s-manifests collector.
			for (const document of parseManifestDocuments(text).documents) {
				for (const object of objectsOf(document.value, document.line)) {
					const workload = extractWorkload(object);
					if (workload === null) continue;
					const evidence = { file, line: object.line, resource: `${object.kind}/${object.namespace}/${object.name}` };
					const names = [...new Set([object.name, workload.labels['app.kubernetes.io/name'], workload.labels.app, ...workload.images.map(imageName)].filter((name): name is string => typeof name === 'string' && name !== ''))];
					deployNames.push({ name: object.name, names, kind: `Kubernetes ${object.kind}`, evidence, context: null, calls: workload.hosts });
				}
			}
		}
	}
	return { deployNames, compose };
}

export interface InferInput {
	files: readonly string[];
	declared: readonly ServiceSeed[];
	signals: Signals;
	stripSuffixes: readonly string[];
}

/** Services nobody declared, one per directory that builds or deploys something (or per Compose service sharing one). */
export function inferServices({ files, declared, signals, stripSuffixes }: InferInput): ServiceSeed[] {
	const declaredRoots = new Set(declared.map((service) => service.path).filter((root) => root !== '.'));
	const covered = (directory: string) => {
		for (let current = directory; current !== '.'; current = path.posix.dirname(current)) if (declaredRoots.has(current)) return true;
		// A service declared at the repository root does not cover the services inside it.
		return false;
	};
	const byDirectory = new Map<string, { names: string[]; evidence: Evidence[] }>();
	const add = (directory: string, name: string | null, evidence: Evidence) => {
		if (covered(directory)) return;
		const entry = byDirectory.get(directory) ?? { names: [], evidence: [] };
		if (name !== null && !entry.names.includes(name)) entry.names.push(name);
		entry.evidence.push(evidence);
		byDirectory.set(directory, entry);
	};

	for (const file of files) {
		if (!isDockerfile(file) || file.split('/').some((segment) => segment.startsWith('.') && segment.length > 1)) continue;
		add(serviceDirectory(path.posix.dirname(file)), null, { file, detail: 'Dockerfile without a service descriptor' });
	}
	for (const signal of signals.deployNames) {
		if (signal.context !== null) add(serviceDirectory(signal.context), signal.kind === 'Compose service' ? signal.name : null, { ...signal.evidence, detail: `${signal.kind} "${signal.name}" builds this directory` });
	}
	// A package manifest alone is a library; a deployment that names its directory makes it a service.
	const deployedKeys = new Set(signals.deployNames.flatMap((signal) => signal.names.map((name) => normalisedKey(name, stripSuffixes))));
	for (const file of files.filter((candidate) => PACKAGE_MANIFEST.test(candidate))) {
		const directory = path.posix.dirname(file);
		if (directory === '.' || byDirectory.has(directory)) continue;
		const key = normalisedKey(path.posix.basename(directory), stripSuffixes);
		if (!deployedKeys.has(key)) continue;
		const signal = signals.deployNames.find((candidate) => candidate.names.some((name) => normalisedKey(name, stripSuffixes) === key))!;
		add(directory, null, { file, detail: `package manifest; deployed as ${signal.kind} "${signal.name}" (${signal.evidence.file}${signal.evidence.line ? `:${signal.evidence.line}` : ''})` });
	}

	const taken = new Set(declared.map((service) => service.id));
	const inferred: ServiceSeed[] = [];
	for (const [directory, { names, evidence }] of [...byDirectory.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
		// Several Compose services built from one directory are several services sharing its code.
		const serviceNames = names.length > 1 ? names : [directory === '.' ? (names[0] ?? 'root') : path.posix.basename(directory)];
		for (const name of serviceNames) {
			const id = uniqueId(toId(name), directory, taken);
			if (id === null) continue;
			taken.add(id);
			const aliases = [...new Set([name, ...names.filter(() => names.length === 1)])].filter((alias) => alias !== id).sort();
			inferred.push({
				id,
				name,
				description: null,
				path: directory,
				registered: false,
				aliases,
				owner: null,
				language: null,
				tier: null,
				lifecycle: null,
				tags: [],
				links: [],
				dependsOn: [],
				repository: null,
				descriptor: { format: null, runbookUrl: null, storesPii: null },
				foundBy: dedupeEvidence(evidence),
			});
		}
	}
	return inferred;
}

/** The service a build directory belongs to: `svc/src` (a Dockerfile or context inside the code) is `svc`. */
export function serviceDirectory(directory: string): string {
	return BUILD_SUBDIRECTORIES.has(path.posix.basename(directory)) && directory.includes('/') ? path.posix.dirname(directory) : directory;
}

function dedupeEvidence(evidence: readonly Evidence[]): Evidence[] {
	const seen = new Set<string>();
	return evidence.filter((entry) => {
		const key = JSON.stringify(entry);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
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
 * Links deployment names to services: by build directory first, then by name through ids, names and
 * aliases (normalised), and records what each service is called and what it calls.
 */
export function linkSignals(services: readonly ServiceSeed[], signals: Signals, stripSuffixes: readonly string[]): LinkResult {
	const byKey = new Map<string, string>();
	for (const service of services) {
		for (const name of [service.id, service.name, ...service.aliases]) {
			const key = normalisedKey(name, stripSuffixes);
			if (key !== '' && !byKey.has(key)) byKey.set(key, service.id);
		}
	}
	const byPath = new Map<string, string[]>();
	for (const service of services) byPath.set(service.path, [...(byPath.get(service.path) ?? []), service.id]);
	const resolveName = (name: string) => byKey.get(normalisedKey(name, stripSuffixes)) ?? null;
	const resolveByNames = (signal: DeployName) => signal.names.map(resolveName).find((id) => id !== null) ?? null;
	const resolveSignal = (signal: DeployName): string | null => {
		const atContext = signal.context === null ? [] : (byPath.get(signal.context) ?? byPath.get(serviceDirectory(signal.context)) ?? []);
		if (atContext.length === 1) return atContext[0]!;
		if (atContext.length > 1) return atContext.find((id) => normalisedKey(id, stripSuffixes) === normalisedKey(signal.name, stripSuffixes)) ?? resolveByNames(signal);
		return resolveByNames(signal);
	};

	const aliases = new Map<string, Set<string>>();
	const dependsOn = new Map<string, Set<string>>();
	const unlinked: DeployName[] = [];
	// Compose services call each other by their Compose names, so resolve those first.
	const composeNames = new Map<string, string>();
	for (const signal of signals.deployNames) {
		const serviceId = resolveSignal(signal);
		if (serviceId === null) {
			// Image-only Compose services are usually third-party (databases, queues), not ours.
			if (signal.kind !== 'Compose service' || signal.context !== null) unlinked.push(signal);
			continue;
		}
		if (signal.kind === 'Compose service') composeNames.set(signal.name, serviceId);
		for (const name of signal.names) if (name !== serviceId) aliases.set(serviceId, (aliases.get(serviceId) ?? new Set()).add(name));
	}
	for (const signal of signals.deployNames) {
		const serviceId = resolveSignal(signal);
		if (serviceId === null) continue;
		for (const called of signal.calls) {
			const target = composeNames.get(called) ?? resolveName(called);
			if (target !== null && target !== serviceId) dependsOn.set(serviceId, (dependsOn.get(serviceId) ?? new Set()).add(target));
		}
	}
	return { aliases, dependsOn, unlinked };
}

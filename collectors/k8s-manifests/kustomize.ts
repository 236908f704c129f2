// Kustomize without the binary: the overlay a team deploys to production, rendered for the fields
// readiness checks read. A base that says `replicas: 2` under a production overlay that patches it
// to 1 is a single replica in production, whatever the base says. Shipshape applies what Kustomize
// itself would for resources, bases and components, strategic-merge and JSON 6902 patches (inline
// or from files, with or without a target), `replicas:`, `images:`, `namePrefix`/`nameSuffix`,
// `namespace`, `commonLabels`/`labels` and `commonAnnotations`. Generators (ConfigMap and Secret),
// replacements, Helm charts and remote bases are not rendered; each rendered object says it is
// approximate and from which overlay.
import path from 'node:path';
import jsonPatch from 'fast-json-patch';
import { uniqueByValue } from '../lib/evidence.ts';
import { isObject, type Json } from '../lib/json.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';

export const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Overlay directory names that mean production, in order, when `environment` is not configured. */
export const DEFAULT_ENVIRONMENTS = ['production', 'prod', 'prd', 'live'] as const;

export interface RenderedObject {
	raw: Json;
	/** The file the object was first read from, and its line. */
	file: string;
	line: number;
	/** The kustomization directory it was rendered from (the overlay). */
	overlay: string;
}

export interface KustomizeResult {
	objects: RenderedObject[];
	/** Files read through a kustomization (resources, patches): not to be read again as plain manifests. */
	consumed: Set<string>;
	/** The kustomizations rendered, with their file and why (the environment they stand for). */
	rendered: { directory: string; file: string; reason: string }[];
	problems: { file: string; message: string }[];
}

interface Loaded {
	raw: Json;
	file: string;
	line: number;
	/** Every name it has had, the current last: patches at any level may use any of them. */
	names: string[];
}

interface Kustomization {
	directory: string;
	file: string;
	spec: Json;
	/** Kustomization directories it includes (resources, bases, components). */
	includes: string[];
}

/**
 * Renders the kustomizations of a repository: for each family of overlays sharing a base, the
 * overlay of the production environment (`environment`, else one named production/prod/…), or the
 * base when no overlay is for production; a kustomization that nothing includes and no sibling
 * overlay shadows is rendered as it is.
 */
export function renderKustomizations(texts: ReadonlyMap<string, string>, environment: string | null): KustomizeResult {
	const problems: KustomizeResult['problems'] = [];
	const kustomizations = new Map<string, Kustomization>();
	for (const [file, text] of [...texts].sort(([a], [b]) => compare(a, b))) {
		if (!KUSTOMIZATION_FILE.test(file)) continue;
		const directory = path.posix.dirname(file);
		if (kustomizations.has(directory)) continue;
		const { documents, problems: parseProblems } = parseManifestDocuments(text);
		problems.push(...parseProblems.map((message) => ({ file, message: `line ${message}` })));
		const spec = documents[0]?.value;
		if (!isObject(spec)) continue;
		kustomizations.set(directory, { directory, file, spec, includes: [] });
	}
	for (const kustomization of kustomizations.values()) {
		kustomization.includes = entries(kustomization.spec, ['resources', 'bases', 'components'])
			.map((entry) => resolve(kustomization.directory, entry))
			.filter((target): target is string => target !== null && kustomizations.has(target));
	}

	const included = new Set([...kustomizations.values()].flatMap((kustomization) => kustomization.includes));
	const roots = [...kustomizations.keys()].filter((directory) => !included.has(directory)).sort(compare);
	const reach = (directory: string, seen = new Set<string>()): Set<string> => {
		if (seen.has(directory)) return seen;
		seen.add(directory);
		for (const next of kustomizations.get(directory)?.includes ?? []) reach(next, seen);
		return seen;
	};
	const environments = environment === null ? [...DEFAULT_ENVIRONMENTS] : [environment];
	const environmentOf = (directory: string) => directory.split('/').find((segment) => environments.includes(segment.toLowerCase())) ?? null;

	// Families: roots that share any kustomization they include are overlays of one application.
	const families: string[][] = [];
	const familyReach: Set<string>[] = [];
	for (const root of roots) {
		const reached = reach(root);
		const joined = families.findIndex((_family, index) => [...reached].some((directory) => familyReach[index]!.has(directory)));
		if (joined === -1) {
			families.push([root]);
			familyReach.push(reached);
		} else {
			families[joined]!.push(root);
			for (const directory of reached) familyReach[joined]!.add(directory);
		}
	}
	const chosen: { directory: string; file: string; reason: string }[] = [];
	for (const [index, family] of families.entries()) {
		const production = family.filter((root) => environmentOf(root) !== null);
		if (production.length > 0) {
			for (const root of production) chosen.push({ directory: root, file: kustomizations.get(root)!.file, reason: `the ${environmentOf(root)} overlay` });
		} else if (family.length === 1 && !isOtherEnvironment(family[0]!, environments)) {
			chosen.push({ directory: family[0]!, file: kustomizations.get(family[0]!)!.file, reason: 'the only kustomization of its family' });
		} else {
			// Overlays for other environments only (dev, staging): the base they share is read.
			const bases = [...familyReach[index]!].filter((directory) => !family.includes(directory) && family.every((root) => reach(root).has(directory)));
			const base = bases.find((directory) => path.posix.basename(directory) === 'base') ?? bases.sort(compare)[0];
			if (base !== undefined) chosen.push({ directory: base, file: kustomizations.get(base)!.file, reason: `the base: no overlay is named ${environments.join(' or ')} (set kubernetes.environment to choose one)` });
		}
	}

	const consumed = new Set<string>();
	for (const kustomization of kustomizations.values()) {
		consumed.add(kustomization.file);
		for (const entry of [...entries(kustomization.spec, ['resources', 'bases', 'components', 'patchesStrategicMerge']), ...patchFiles(kustomization.spec)]) {
			const target = resolve(kustomization.directory, entry);
			if (target !== null && texts.has(target)) consumed.add(target);
		}
	}
	const objects: RenderedObject[] = [];
	for (const { directory } of chosen.sort((a, b) => compare(a.directory, b.directory))) {
		for (const object of build(directory, kustomizations, texts, problems, [])) objects.push({ raw: object.raw, file: object.file, line: object.line, overlay: directory });
	}
	return { objects, consumed, rendered: chosen, problems: uniqueByValue(problems) };
}

/** Directory names of environments other than production: an overlay there is not what production runs. */
const OTHER_ENVIRONMENTS = new Set(['dev', 'develop', 'development', 'staging', 'stage', 'stg', 'qa', 'test', 'testing', 'uat', 'sandbox', 'preview', 'local', 'ci', 'e2e']);

function isOtherEnvironment(directory: string, production: readonly string[]): boolean {
	const segments = directory.split('/').map((segment) => segment.toLowerCase());
	const environmentSegment = segments.find((segment) => OTHER_ENVIRONMENTS.has(segment));
	return environmentSegment !== undefined && !production.includes(environmentSegment);
}

function build(directory: string, kustomizations: ReadonlyMap<string, Kustomization>, texts: ReadonlyMap<string, string>, problems: KustomizeResult['problems'], stack: readonly string[]): Loaded[] {
	const kustomization = kustomizations.get(directory)!;
	if (stack.includes(directory)) {
		problems.push({ file: kustomization.file, message: `includes itself through ${[...stack, directory].join(' → ')}; the cycle is not followed` });
		return [];
	}
	const spec = kustomization.spec;
	let objects: Loaded[] = [];
	for (const entry of entries(spec, ['resources', 'bases', 'components'])) {
		if (/^[a-z]+:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(entry) || entry.includes('?ref=')) {
			problems.push({ file: kustomization.file, message: `remote resource "${entry}" is not fetched; its objects are not read` });
			continue;
		}
		const target = resolve(directory, entry);
		if (target !== null && kustomizations.has(target)) {
			objects.push(...build(target, kustomizations, texts, problems, [...stack, directory]));
		} else if (target !== null && texts.has(target)) {
			objects.push(...documentsOf(target, texts.get(target)!, problems));
		} else {
			problems.push({ file: kustomization.file, message: `resource "${entry}" is not in the repository (or not a YAML file or kustomization)` });
		}
	}
	for (const generator of ['configMapGenerator', 'secretGenerator', 'helmCharts', 'replacements'] as const) {
		if (Array.isArray(spec[generator]) && spec[generator].length > 0) problems.push({ file: kustomization.file, message: `${generator} is not rendered (approximate)` });
	}

	// Kustomize's own order: strategic-merge patches, patches, namespace, prefix/suffix, labels,
	// annotations, JSON 6902 patches, replicas, images.
	for (const patch of patchContents(directory, spec, 'patchesStrategicMerge', texts, kustomization.file, problems)) applyStrategicMergeDocuments(objects, patch.text, null, kustomization.file, problems);
	for (const patch of patchContents(directory, spec, 'patches', texts, kustomization.file, problems)) {
		if (looksLikeJsonPatch(patch.text)) applyJsonPatch(objects, patch.text, patch.target, kustomization.file, problems);
		else applyStrategicMergeDocuments(objects, patch.text, patch.target, kustomization.file, problems);
	}
	if (typeof spec.namespace === 'string') for (const object of objects) if (!CLUSTER_SCOPED.has(String(object.raw.kind))) metadataOf(object.raw).namespace = spec.namespace;
	const prefix = typeof spec.namePrefix === 'string' ? spec.namePrefix : '';
	const suffix = typeof spec.nameSuffix === 'string' ? spec.nameSuffix : '';
	if (prefix !== '' || suffix !== '') {
		for (const object of objects) {
			if (object.raw.kind === 'Namespace' || object.raw.kind === 'CustomResourceDefinition') continue;
			const name = `${prefix}${currentName(object)}${suffix}`;
			metadataOf(object.raw).name = name;
			object.names.push(name);
		}
	}
	applyLabels(objects, spec);
	if (isObject(spec.commonAnnotations)) for (const object of objects) Object.assign(objectField(metadataOf(object.raw), 'annotations'), stringsOf(spec.commonAnnotations));
	for (const patch of patchContents(directory, spec, 'patchesJson6902', texts, kustomization.file, problems)) applyJsonPatch(objects, patch.text, patch.target, kustomization.file, problems);
	for (const replica of Array.isArray(spec.replicas) ? spec.replicas.filter(isObject) : []) {
		if (typeof replica.name !== 'string' || typeof replica.count !== 'number') continue;
		for (const object of objects) if (object.names.includes(replica.name) && REPLICATED.has(String(object.raw.kind))) objectField(object.raw, 'spec').replicas = replica.count;
	}
	for (const image of Array.isArray(spec.images) ? spec.images.filter(isObject) : []) {
		if (typeof image.name === 'string') objects = objects.map((object) => ({ ...object, raw: replaceImages(object.raw, image) }));
	}
	return objects;
}

function documentsOf(file: string, text: string, problems: KustomizeResult['problems']): Loaded[] {
	const { documents, problems: parseProblems } = parseManifestDocuments(text);
	problems.push(...parseProblems.map((message) => ({ file, message: `line ${message}` })));
	return documents
		.filter((document) => isObject(document.value) && typeof document.value.kind === 'string')
		.map((document) => ({ raw: structuredClone(document.value) as Json, file, line: document.line, names: [String(objectField(document.value as Json, 'metadata').name ?? '')] }));
}

interface PatchTarget {
	kind?: string;
	name?: string;
	namespace?: string;
	labelSelector?: string;
}

/** Patches of one field: inline text or a file, with their target when given. */
function patchContents(directory: string, spec: Json, field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902', texts: ReadonlyMap<string, string>, file: string, problems: KustomizeResult['problems']): { text: string; target: PatchTarget | null }[] {
	const list = Array.isArray(spec[field]) ? spec[field] : [];
	const patches: { text: string; target: PatchTarget | null }[] = [];
	for (const entry of list) {
		const patch = typeof entry === 'string' ? (entry.includes('\n') || entry.includes(':') && !/\.ya?ml$|\.json$/.test(entry) ? { patch: entry } : { path: entry }) : isObject(entry) ? entry : null;
		if (patch === null) continue;
		let text: string | null = typeof patch.patch === 'string' ? patch.patch : null;
		if (text === null && typeof patch.path === 'string') {
			const target = resolve(directory, patch.path);
			text = target === null ? null : (texts.get(target) ?? null);
			if (text === null) problems.push({ file, message: `patch "${patch.path}" is not in the repository; it is not applied` });
		}
		if (text === null) continue;
		const target = isObject(patch.target) ? (stringsOf(patch.target) as PatchTarget) : null;
		patches.push({ text, target });
	}
	return patches;
}

function looksLikeJsonPatch(text: string): boolean {
	const { documents } = parseManifestDocuments(text);
	const value = documents[0]?.value;
	return Array.isArray(value) && value.every((operation) => isObject(operation) && typeof operation.op === 'string');
}

function applyStrategicMergeDocuments(objects: Loaded[], text: string, target: PatchTarget | null, file: string, problems: KustomizeResult['problems']): void {
	const { documents } = parseManifestDocuments(text);
	for (const { value } of documents) {
		if (!isObject(value)) continue;
		const matches = target !== null ? objects.filter((object) => matchesTarget(object, target)) : objects.filter((object) => object.raw.kind === value.kind && object.names.includes(String(objectField(value, 'metadata').name ?? '')));
		if (matches.length === 0) {
			problems.push({ file, message: `patch for ${String(value.kind ?? '?')} "${String(objectField(value, 'metadata').name ?? '?')}" matches no resource; it is not applied` });
			continue;
		}
		for (const object of matches) {
			// The patch's own name must not rename its target.
			const { metadata, ...rest } = value;
			const patchMetadata = isObject(metadata) ? Object.fromEntries(Object.entries(metadata).filter(([key]) => key !== 'name' && key !== 'namespace')) : {};
			object.raw = strategicMerge(object.raw, { ...rest, ...(Object.keys(patchMetadata).length > 0 ? { metadata: patchMetadata } : {}) }) as Json;
		}
	}
}

function applyJsonPatch(objects: Loaded[], text: string, target: PatchTarget | null, file: string, problems: KustomizeResult['problems']): void {
	const { documents } = parseManifestDocuments(text);
	const operations = documents[0]?.value;
	if (!Array.isArray(operations) || target === null) {
		problems.push({ file, message: 'a JSON 6902 patch needs a list of operations and a target; it is not applied' });
		return;
	}
	for (const object of objects.filter((candidate) => matchesTarget(candidate, target))) {
		try {
			object.raw = jsonPatch.applyPatch(structuredClone(object.raw), operations as jsonPatch.Operation[], true, false).newDocument;
		} catch (error) {
			problems.push({ file, message: `JSON 6902 patch on ${String(object.raw.kind)} "${currentName(object)}" failed: ${(error as Error).message.split('\n')[0]}` });
		}
	}
}

function matchesTarget(object: Loaded, target: PatchTarget): boolean {
	if (target.kind !== undefined && object.raw.kind !== target.kind) return false;
	if (target.namespace !== undefined && (metadataOf(object.raw).namespace ?? 'default') !== target.namespace) return false;
	if (target.name !== undefined) {
		// Kustomize matches target names as anchored regular expressions.
		let pattern: RegExp;
		try {
			pattern = new RegExp(`^(?:${target.name})$`);
		} catch {
			return object.names.includes(target.name);
		}
		if (!object.names.some((name) => pattern.test(name))) return false;
	}
	if (target.labelSelector !== undefined) {
		const labels = stringsOf(objectField(metadataOf(object.raw), 'labels'));
		for (const requirement of target.labelSelector.split(',')) {
			const [key, value] = requirement.split('=').map((part) => part.trim());
			if (key === undefined || key === '') continue;
			if (value === undefined ? !(key in labels) : labels[key] !== value) return false;
		}
	}
	return true;
}

/** Lists merged by a key, as the Kubernetes API declares for strategic merge; other lists are replaced. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
	containers: 'name',
	initContainers: 'name',
	ephemeralContainers: 'name',
	env: 'name',
	envFrom: 'prefix',
	volumes: 'name',
	volumeMounts: 'mountPath',
	ports: 'containerPort',
	imagePullSecrets: 'name',
	hostAliases: 'ip',
};

/** A strategic merge patch (`$patch: delete|replace`, `null` to remove a key). */
export function strategicMerge(base: unknown, patch: unknown, key: string | null = null): unknown {
	if (isObject(patch)) {
		if (patch.$patch === 'replace') return withoutDirectives(patch);
		if (patch.$patch === 'delete') return undefined;
		const merged: Json = isObject(base) ? { ...base } : {};
		for (const [field, value] of Object.entries(patch)) {
			if (field.startsWith('$')) continue;
			if (value === null) {
				delete merged[field];
				continue;
			}
			const next = strategicMerge(merged[field], value, field);
			if (next === undefined) delete merged[field];
			else merged[field] = next;
		}
		return merged;
	}
	if (Array.isArray(patch)) {
		const mergeKey = key === null ? undefined : MERGE_KEYS[key];
		if (mergeKey === undefined || !Array.isArray(base)) return patch.filter((item) => !(isObject(item) && item.$patch === 'delete')).map(withoutDirectives);
		const result: unknown[] = [...base];
		for (const item of patch) {
			if (!isObject(item) || !(mergeKey in item)) {
				result.push(item);
				continue;
			}
			const index = result.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
			if (item.$patch === 'delete') {
				if (index !== -1) result.splice(index, 1);
			} else if (index === -1) result.push(withoutDirectives(item));
			else result[index] = strategicMerge(result[index], item);
		}
		return result;
	}
	return patch;
}

function withoutDirectives(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutDirectives);
	if (!isObject(value)) return value;
	return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('$')).map(([key, entry]) => [key, withoutDirectives(entry)]));
}

/** `commonLabels` (everywhere, selectors too) and `labels` (metadata; templates and selectors when asked). */
function applyLabels(objects: readonly Loaded[], spec: Json): void {
	const sets: { pairs: Record<string, string>; templates: boolean; selectors: boolean }[] = [];
	if (isObject(spec.commonLabels)) sets.push({ pairs: stringsOf(spec.commonLabels), templates: true, selectors: true });
	for (const entry of Array.isArray(spec.labels) ? spec.labels.filter(isObject) : []) {
		if (isObject(entry.pairs)) sets.push({ pairs: stringsOf(entry.pairs), templates: entry.includeTemplates === true || entry.includeSelectors === true, selectors: entry.includeSelectors === true });
	}
	for (const { pairs, templates, selectors } of sets) {
		for (const object of objects) {
			Object.assign(objectField(metadataOf(object.raw), 'labels'), pairs);
			if (!REPLICATED.has(String(object.raw.kind)) && object.raw.kind !== 'DaemonSet' && object.raw.kind !== 'Job') {
				if (selectors && object.raw.kind === 'Service') Object.assign(objectField(objectField(object.raw, 'spec'), 'selector'), pairs);
				continue;
			}
			const workloadSpec = objectField(object.raw, 'spec');
			if (templates) Object.assign(objectField(objectField(objectField(workloadSpec, 'template'), 'metadata'), 'labels'), pairs);
			if (selectors) Object.assign(objectField(objectField(workloadSpec, 'selector'), 'matchLabels'), pairs);
		}
	}
}

/** Kustomize's `images:` entry applied to every container image of that name. */
function replaceImages(raw: Json, image: Json): Json {
	const name = String(image.name);
	const visit = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(visit);
		if (!isObject(value)) return value;
		const copy: Json = {};
		for (const [key, entry] of Object.entries(value)) {
			copy[key] = key === 'image' && typeof entry === 'string' && imageRepository(entry) === name ? retag(entry, image) : visit(entry);
		}
		return copy;
	};
	return visit(raw) as Json;
}

function imageRepository(image: string): string {
	const withoutDigest = image.split('@')[0]!;
	const lastColon = withoutDigest.lastIndexOf(':');
	return lastColon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, lastColon) : withoutDigest;
}

function retag(current: string, image: Json): string {
	const repository = typeof image.newName === 'string' ? image.newName : imageRepository(current);
	if (typeof image.digest === 'string') return `${repository}@${image.digest}`;
	if (typeof image.newTag === 'string' || typeof image.newTag === 'number') return `${repository}:${image.newTag}`;
	const tag = current.slice(imageRepository(current).length);
	return `${repository}${tag}`;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'ClusterIssuer', 'ClusterSecretStore', 'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

function entries(spec: Json, fields: readonly string[]): string[] {
	return fields.flatMap((field) => (Array.isArray(spec[field]) ? spec[field].filter((entry): entry is string => typeof entry === 'string') : []));
}

function patchFiles(spec: Json): string[] {
	return ['patches', 'patchesJson6902'].flatMap((field) => (Array.isArray(spec[field]) ? spec[field].filter(isObject).map((entry) => entry.path).filter((entry): entry is string => typeof entry === 'string') : []));
}

/** A path of a kustomization, relative to its directory; null when it leaves the repository. */
function resolve(directory: string, entry: string): string | null {
	const joined = path.posix.normalize(path.posix.join(directory, entry)).replace(/\/$/, '');
	return joined === '..' || joined.startsWith('../') ? null : joined === '' ? '.' : joined;
}

function metadataOf(raw: Json): Json {
	return objectField(raw, 'metadata');
}

/** The object at `key`, created when absent, so that transformations can write into it. */
function objectField(parent: Json, key: string): Json {
	if (!isObject(parent[key])) parent[key] = {};
	return parent[key] as Json;
}

function currentName(object: Loaded): string {
	return object.names.at(-1) ?? '';
}

function stringsOf(value: unknown): Record<string, string> {
	if (!isObject(value)) return {};
	return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof entry[1])).map(([key, entry]) => [key, String(entry)]));
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

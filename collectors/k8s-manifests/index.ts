import path from 'node:path';
import { K8sManifestsFacts, type K8sWorkload } from '../../catalog/schema/facts.ts';
import type { Evidence } from '../../catalog/schema/common.ts';
import { readMany } from '../lib/files.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';
import { createServiceMatcher, matchByLabels } from '../lib/service-matcher.ts';
import { defineCollector, type CollectorContext, type CollectorProblem } from '../types.ts';
import { extractExternalSecret, extractIngress, extractWorkload, hpaTarget, imageName, objectSelector, objectsOf, pdbSelector, secretBackendIsVault, type K8sObject } from './extract.ts';
import { KUSTOMIZATION_FILE, renderKustomizations } from './kustomize.ts';
import { chartsToRender, renderWithTools, RENDER_PROGRAMS } from './render.ts';
import { K8sManifestsSettings } from './settings.ts';

type SourcedObject = K8sObject & { file: string; renderedFrom?: string; renderedBy?: string };

interface Source {
	root: string;
	/** Path as shown in evidence. */
	label: string;
	relative: string;
}

/** Workloads, PodDisruptionBudgets and autoscalers from manifests in the repo and kubectl dumps. */
export const k8sManifestsCollector = defineCollector({
	id: 'k8s-manifests',
	version: 3,
	description: 'Kubernetes workloads, probes, resources, replicas and PodDisruptionBudgets from manifests and kubectl dumps.',
	source: 'Kubernetes manifests and kubectl dumps',
	howToEnable: 'Commit Kubernetes manifests (or `helm template` output), or put `kubectl get … -o json` dumps in the inventory directory.',
	facts: K8sManifestsFacts,
	readsInventory: true,
	runtimeFootprint: (facts) => facts.workloads.length > 0,
	settings: K8sManifestsSettings,
	programs: RENDER_PROGRAMS,
	async collect(context, rawSettings) {
		const settings = rawSettings as K8sManifestsSettings;
		const problems: CollectorProblem[] = [];
		const objects: SourcedObject[] = [];
		const templates: { label: string; text: string }[] = [];
		const recognised: string[] = [];
		const sources = await findSources(context);
		const texts = await readMany(context.readFile, sources);
		// Kustomize overlays are rendered first; the files they read are not read again on their own.
		const repositoryTexts = new Map(sources.flatMap((source, index) => (source.root === context.repoRoot && texts[index]!.text !== null ? [[source.relative, texts[index]!.text!] as const] : [])));
		const kustomize = renderKustomizations(repositoryTexts, settings.environment ?? null);
		// With `render: true` the tools' own output replaces the approximation where they succeed.
		const charts = settings.render === true ? chartsToRender(context.repoFiles, settings.environment ?? null) : [];
		const tools = settings.render === true ? await renderWithTools(context.programs, context.repoRoot, kustomize.rendered, charts) : null;
		for (const problem of [...kustomize.problems, ...(tools?.problems ?? [])]) problems.push({ serviceId: null, file: problem.file, message: problem.message });
		for (const rendered of kustomize.objects) {
			if (tools?.rendered.has(rendered.overlay) === true) continue;
			for (const object of objectsOf(rendered.raw, rendered.line)) objects.push({ ...object, file: rendered.file, renderedFrom: rendered.overlay });
		}
		for (const rendered of tools?.objects ?? []) {
			for (const object of objectsOf(rendered.raw, rendered.line)) objects.push({ ...object, file: rendered.file, renderedBy: rendered.renderedBy });
		}
		const renderedChart = (file: string) => charts.some((chart) => tools?.rendered.has(chart.directory) === true && (chart.directory === '.' || file.startsWith(`${chart.directory}/`)));
		for (const [index, source] of sources.entries()) {
			const { text, error } = texts[index]!;
			if (text === null) {
				problems.push({ serviceId: null, file: source.label, message: error.message });
				continue;
			}
			if (source.root === context.repoRoot && kustomize.consumed.has(source.relative)) continue;
			if (source.root === context.repoRoot && renderedChart(source.relative)) continue;
			if (!/\bapiVersion\b/.test(text) || !/\bkind\b/.test(text)) continue;
			if (/(^|\/)templates\//.test(source.relative) && text.includes('{{')) {
				templates.push({ label: source.label, text });
				continue;
			}
			const { documents, problems: parseProblems } = parseManifest(source.label, text);
			for (const message of parseProblems) problems.push({ serviceId: null, file: source.label, message });
			const before = objects.length;
			for (const document of documents) {
				for (const object of objectsOf(document.value, document.line)) objects.push({ ...object, file: source.label });
			}
			if (source.root === context.inventoryRoot && objects.length > before) recognised.push(source.label);
		}
		// Rendered manifests and cluster dumps are the truth; chart templates are read only without them.
		if (objects.length === 0) {
			for (const { label, text } of templates) {
				const { documents } = parseManifestDocuments(approximateHelmTemplate(text));
				const found = documents.flatMap((document) => objectsOf(document.value, document.line));
				objects.push(...found.map((object) => ({ ...object, file: label })));
				problems.push({ serviceId: null, file: label, message: `no rendered manifests found, so this Helm template was read without rendering (values approximate${found.length === 0 ? '; nothing could be read' : ''}); commit \`helm template\` output or a kubectl dump for exact results` });
			}
		} else {
			for (const { label } of templates) problems.push({ serviceId: null, file: label, message: 'unrendered Helm template skipped: rendered manifests or dumps are read instead' });
		}
		if (objects.length === 0 && problems.length === 0) {
			return { facts: new Map(), problems, recognised };
		}
		return { ...linkToServices(context, objects), problems, recognised };
	},
	skipReason(context) {
		return context.repoFiles.some((file) => /\.ya?ml$/.test(file)) || context.inventoryRoot !== null ? null : 'no YAML files in the repository and no inventory configured';
	},
});

async function findSources(context: CollectorContext): Promise<Source[]> {
	// JSON beside a kustomization may be one of its patches (JSON 6902 operations).
	const kustomizeDirectories = new Set(context.repoFiles.filter((file) => KUSTOMIZATION_FILE.test(file)).map((file) => path.posix.dirname(file)));
	const sources: Source[] = context.repoFiles
		.filter((file) => /\.ya?ml$/.test(file) || (file.endsWith('.json') && kustomizeDirectories.has(path.posix.dirname(file))))
		.map((file) => ({ root: context.repoRoot, label: file, relative: file }));
	if (context.inventoryRoot !== null) {
		for (const file of await context.glob(context.inventoryRoot, ['**/*.json', '**/*.yaml', '**/*.yml'])) {
			sources.push({ root: context.inventoryRoot, label: `inventory/${file}`, relative: file });
		}
	}
	return sources;
}

/**
 * A best-effort reading of a Helm template without Helm: lines that are only template actions
 * (`{{- if … }}`, `{{- end }}`, `{{- include … | nindent 4 }}`) are dropped and inline actions become
 * a placeholder, which keeps kinds, container lists, probes and resources readable.
 */
export function approximateHelmTemplate(text: string): string {
	return text
		.split(/\r?\n/)
		.filter((line) => !/^\s*\{\{-?[\s\S]*?-?\}\}\s*$/.test(line))
		.map((line) => line.replace(/\{\{-?[\s\S]*?-?\}\}/g, 'templated'))
		.join('\n');
}

function parseManifest(label: string, text: string): { documents: { value: unknown; line: number }[]; problems: string[] } {
	if (label.endsWith('.json')) {
		try {
			return { documents: [{ value: JSON.parse(text), line: 1 }], problems: [] };
		} catch (error) {
			return { documents: [], problems: [`invalid JSON: ${(error as Error).message.slice(0, 200)}`] };
		}
	}
	const { documents, problems } = parseManifestDocuments(text);
	return { documents, problems: problems.map((problem) => `line ${problem}`) };
}

function linkToServices(context: CollectorContext, objects: readonly SourcedObject[]) {
	const match = createServiceMatcher(context.services);
	const workloads = new Map<string, K8sWorkload[]>();
	const pdbs = new Map<string, Evidence[]>();
	const minReplicasByTarget = new Map<string, number>();
	// Kubernetes Services route to pods by selector; Ingresses name Services. Both lead to a service.
	const kubeServiceTargets = new Map<string, string>();
	const vaultBackends = new Set<string>();
	const externalSecrets: { namespace: string; target: string; store: string }[] = [];
	for (const object of objects) {
		const target = hpaTarget(object);
		if (target !== null) minReplicasByTarget.set(`${object.namespace}/${target.kind}/${target.name}`, target.minReplicas);
		if (secretBackendIsVault(object) === true) vaultBackends.add(object.kind === 'ClusterSecretStore' ? `ClusterSecretStore//${object.name}` : `${object.kind}/${object.namespace}/${object.name}`);
		const external = extractExternalSecret(object);
		if (external !== null) externalSecrets.push({ namespace: object.namespace, target: external.target, store: external.storeKind === 'ClusterSecretStore' ? `ClusterSecretStore//${external.storeName}` : `SecretStore/${object.namespace}/${external.storeName}` });
		if (object.kind === 'Service') {
			const selector = objectSelector(object);
			const serviceId = matchByLabels(selector, context.serviceKeys, match) ?? match(object.name);
			if (serviceId !== null) kubeServiceTargets.set(`${object.namespace}/${object.name}`, serviceId);
		}
	}
	const vaultSecretNames = new Set(externalSecrets.filter((external) => vaultBackends.has(external.store)).map((external) => `${external.namespace}/${external.target}`));
	const vaultByService = new Map<string, Set<string>>();
	const ingresses = new Map<string, K8sManifestsFacts['ingresses']>();
	for (const object of objects) {
		const ingress = extractIngress(object);
		if (ingress === null) continue;
		const owners = new Set(ingress.backends.map((backend) => kubeServiceTargets.get(`${object.namespace}/${backend}`) ?? match(backend)).filter((id): id is string => id !== null));
		for (const serviceId of owners) {
			ingresses.set(serviceId, [...(ingresses.get(serviceId) ?? []), { resource: `Ingress/${object.namespace}/${object.name}`, file: object.file, line: object.line, hosts: ingress.hosts, tlsHosts: ingress.tlsHosts }]);
		}
	}
	for (const object of objects) {
		const selector = pdbSelector(object);
		if (selector !== null) {
			const serviceId = matchByLabels(selector, context.serviceKeys, match);
			if (serviceId !== null) pdbs.set(serviceId, [...(pdbs.get(serviceId) ?? []), { resource: `PodDisruptionBudget/${object.namespace}/${object.name}`, file: object.file, line: object.line }]);
			continue;
		}
		const extracted = extractWorkload(object);
		if (extracted === null) continue;
		const serviceId = matchByLabels(extracted.labels, context.serviceKeys, match) ?? extracted.images.map((image) => match(imageName(image))).find((id) => id !== null) ?? null;
		if (serviceId === null) continue;
		const hpaMin = minReplicasByTarget.get(`${object.namespace}/${object.kind}/${object.name}`);
		const workload: K8sWorkload = { ...extracted.workload, file: object.file, ...(object.renderedFrom === undefined ? {} : { renderedFrom: object.renderedFrom }), ...(object.renderedBy === undefined ? {} : { renderedBy: object.renderedBy }), replicas: hpaMin !== undefined && extracted.workload.replicas !== null ? Math.max(hpaMin, extracted.workload.replicas) : extracted.workload.replicas };
		// A Vault SecretProviderClass mounted through CSI counts as secrets from Vault.
		const vaultClasses = workload.secrets.csiProviderClasses.filter((name) => vaultBackends.has(`SecretProviderClass/${object.namespace}/${name}`));
		const fromVault = [...workload.secrets.secretNames.filter((name) => vaultSecretNames.has(`${object.namespace}/${name}`)), ...vaultClasses.map((name) => `csi:${name}`)];
		if (fromVault.length > 0) vaultByService.set(serviceId, new Set([...(vaultByService.get(serviceId) ?? []), ...fromVault]));
		workloads.set(serviceId, [...(workloads.get(serviceId) ?? []), workload]);
	}

	const facts = new Map<string, K8sManifestsFacts>();
	const evidence = new Map<string, Record<string, Evidence[]>>();
	for (const service of context.services) {
		const own = (workloads.get(service.id) ?? []).sort((a, b) => compareText(`${a.kind}/${a.namespace}/${a.name}`, `${b.kind}/${b.namespace}/${b.name}`));
		const replicaCounts = own.map((workload) => workload.replicas).filter((count): count is number => count !== null);
		const ownIngresses = (ingresses.get(service.id) ?? []).sort((a, b) => compareText(a.resource, b.resource));
		const vaultSecrets = [...(vaultByService.get(service.id) ?? [])].sort(compareText);
		facts.set(service.id, { workloads: own, minReplicas: replicaCounts.length === 0 ? null : Math.min(...replicaCounts), hasPodDisruptionBudget: pdbs.has(service.id), ingresses: ownIngresses, vaultSecrets });
		const workloadEvidence = own.map((workload) => ({
			resource: `${workload.kind}/${workload.namespace}/${workload.name}`,
			file: workload.file,
			line: workload.line,
			...(workload.renderedFrom === undefined ? {} : { detail: `approximate: rendered from overlay ${workload.renderedFrom}` }),
			...(workload.renderedBy === undefined ? {} : { detail: `rendered by \`${workload.renderedBy}\`` }),
		}));
		evidence.set(service.id, {
			workloads: workloadEvidence,
			minReplicas: workloadEvidence,
			hasPodDisruptionBudget: pdbs.get(service.id) ?? [],
			ingresses: ownIngresses.map(({ resource, file, line }) => ({ resource, file, line })),
		});
	}
	return { facts, evidence };
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

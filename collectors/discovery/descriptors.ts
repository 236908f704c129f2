// Pure parsers for the descriptor formats teams already keep next to their code: Shipshape's
// service.yaml, Backstage catalog-info.yaml and OpsLevel opslevel.yml.
import { z } from 'zod';
import { Link } from '../../catalog/schema/common.ts';
import { ServiceDescriptor } from '../../catalog/schema/descriptor.ts';
import { parseAuthoredYaml, parseYamlDocuments } from '../../catalog/format/authored-yaml.ts';
import { schemaIssues } from '../../catalog/schema/issues.ts';
import { normaliseOwnerRef, toId } from '../lib/names.ts';

export const DESCRIPTOR_FILE_NAMES = ['service.yaml', 'service.yml', 'catalog-info.yaml', 'catalog-info.yml', 'opslevel.yml', 'opslevel.yaml'] as const;

export type DescriptorFormat = 'service.yaml' | 'catalog-info.yaml' | 'opslevel.yml';

export interface DeclaredService {
	format: DescriptorFormat;
	file: string;
	line: number;
	id: string;
	name: string;
	description: string | null;
	owner: string | null;
	tier: number | null;
	lifecycle: string | null;
	language: string | null;
	tags: string[];
	aliases: string[];
	links: Link[];
	runbook: string | null;
	pii: boolean | null;
	dependsOn: string[];
	/** Repository (owner/name) the descriptor names, or null. */
	repository: string | null;
	/** The system and domain it names (ids), or null. */
	system: string | null;
	domain: string | null;
	/** Where its alerts go (tool and id; integration keys are never read). */
	alertSources: { type: string; id: string }[];
	/** Backstage `dependsOn: resource:…`, `providesApis`, `consumesApis` (ids). */
	resources?: string[];
	providesApis?: string[];
	consumesApis?: string[];
}

/** A Backstage Resource or API entity, to describe what services depend on, provide and consume. */
export interface DeclaredEntity {
	kind: 'resource' | 'api';
	id: string;
	type: string | null;
	description: string | null;
	owner: string | null;
}

/** A Backstage System or Domain entity (or a system an OpsLevel descriptor names). */
export interface DeclaredGrouping {
	kind: 'system' | 'domain';
	id: string;
	name: string;
	description: string | null;
	owner: string | null;
	/** For a system: the domain it belongs to. */
	domain: string | null;
	file: string;
	line: number;
	format: DescriptorFormat;
}

/** A Backstage Group, read as a team. */
export interface DeclaredTeam {
	id: string;
	name: string;
	description: string | null;
	members: string[];
	/** The parent Group (`spec.parent`), or null. */
	parent?: string | null;
	/** Backstage `spec.members` as User keys (`namespace/name`), to find their e-mail addresses. */
	memberKeys?: string[];
	file: string;
}

/** A Backstage User: its e-mail lets git authors map to its teams without hand-written config. */
export interface DeclaredUser {
	name: string;
	/** `namespace/name`: two Users of one name in different namespaces are two people. */
	key: string;
	email: string | null;
	memberOf: string[];
}

export interface DescriptorParseResult {
	services: DeclaredService[];
	teams: DeclaredTeam[];
	groupings?: DeclaredGrouping[];
	users?: DeclaredUser[];
	entities?: DeclaredEntity[];
	problems: string[];
}

/**
 * A Backstage entity ref (`[kind:][namespace/]name`) resolved with Backstage's defaulting rules: a
 * missing namespace is the referring entity's, so `team-a` written in namespace `partners` means
 * `group:partners/team-a`. Null when the text is not an entity ref (an `@org/team` handle).
 */
export function parseEntityRef(ref: string, defaultNamespace: string): { kind: string | null; namespace: string; name: string } | null {
	const match = /^(?:([\w-]+):)?(?:([\w.-]+)\/)?([\w.-]+)$/.exec(ref.trim());
	if (match === null) return null;
	return { kind: match[1]?.toLowerCase() ?? null, namespace: match[2] ?? defaultNamespace, name: match[3]! };
}

/**
 * The id of a Backstage entity: its name in the `default` namespace, else prefixed by its namespace,
 * so that `guest` in `default` and `guest` in `partners` stay two entities (`guest`, `partners-guest`).
 */
export function entityId(namespace: string, name: string): string {
	return toId(namespace === DEFAULT_NAMESPACE ? name : `${namespace}-${name}`);
}

const DEFAULT_NAMESPACE = 'default';

/** The id an entity ref names (`system:default/checkout`, `default/checkout`, `checkout`). */
export function entityRefId(ref: string, defaultNamespace = DEFAULT_NAMESPACE): string {
	const parsed = parseEntityRef(ref, defaultNamespace);
	return parsed === null ? toId(ref) : entityId(parsed.namespace, parsed.name);
}

/** An owner ref as a team id, namespaced like entity ids; a handle that is no entity ref (`@org/team`) as written. */
function ownerRefId(ref: string, defaultNamespace: string): string {
	return parseEntityRef(ref, defaultNamespace) === null ? normaliseOwnerRef(ref) : entityRefId(ref, defaultNamespace);
}

/** A User's key for membership: namespace and name, as Backstage keys it. */
export function userKey(namespace: string, name: string): string {
	return `${namespace}/${name}`;
}

export function formatOf(fileName: string): DescriptorFormat | null {
	if (/^service\.ya?ml$/.test(fileName)) return 'service.yaml';
	if (/^catalog-info\.ya?ml$/.test(fileName)) return 'catalog-info.yaml';
	if (/^opslevel\.ya?ml$/.test(fileName)) return 'opslevel.yml';
	return null;
}

export function parseDescriptor(format: DescriptorFormat, file: string, text: string): DescriptorParseResult {
	switch (format) {
		case 'service.yaml':
			return parseServiceYaml(file, text);
		case 'catalog-info.yaml':
			return parseCatalogInfo(file, text);
		case 'opslevel.yml':
			return parseOpslevel(file, text);
	}
}

export function parseServiceYaml(file: string, text: string): DescriptorParseResult {
	const parsed = parseAuthoredYaml(file, text, ServiceDescriptor);
	if (!parsed.ok) return { services: [], teams: [], problems: parsed.problems };
	const descriptor = parsed.value;
	const id = descriptor.id ?? toId(descriptor.name);
	if (id === '') return { services: [], teams: [], problems: [`${file}: name "${descriptor.name}" gives an empty id; set \`id:\`.`] };
	return {
		services: [
			{
				format: 'service.yaml',
				file,
				line: 1,
				id,
				name: descriptor.name,
				description: descriptor.description ?? null,
				owner: descriptor.owner === undefined ? null : normaliseOwnerRef(descriptor.owner),
				tier: descriptor.tier ?? null,
				lifecycle: descriptor.lifecycle ?? null,
				language: descriptor.language ?? null,
				tags: descriptor.tags ?? [],
				aliases: descriptor.aliases ?? [],
				links: descriptor.links ?? [],
				runbook: descriptor.runbook ?? null,
				pii: descriptor.pii ?? null,
				dependsOn: (descriptor.dependsOn ?? []).map(toId),
				repository: descriptor.repository ?? null,
				system: descriptor.system === undefined ? null : toId(descriptor.system),
				domain: descriptor.domain === undefined ? null : toId(descriptor.domain),
				alertSources: [],
			},
		],
		teams: [],
		problems: [],
	};
}

const BACKSTAGE_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/** Only the fields Shipshape reads; the rest of a Backstage entity is left alone. */
const BackstageEntity = z.object({
	apiVersion: z.string(),
	kind: z.string(),
	metadata: z.object({
		name: z.string().max(63).regex(BACKSTAGE_NAME, 'Backstage names are letters and digits separated by "-", "_" or "." (max 63 characters)'),
		namespace: z.string().max(63).regex(BACKSTAGE_NAME, 'Backstage namespaces are letters and digits separated by "-", "_" or "." (max 63 characters)').optional(),
		title: z.string().optional(),
		description: z.string().optional(),
		tags: z.array(z.string()).optional(),
		annotations: z.record(z.string(), z.string()).optional(),
		links: z.array(z.object({ url: z.string(), title: z.string().optional() })).optional(),
	}),
	spec: z
		.object({
			type: z.string().optional(),
			lifecycle: z.string().optional(),
			owner: z.string().optional(),
			dependsOn: z.array(z.string()).optional(),
			system: z.string().optional(),
			domain: z.string().optional(),
			providesApis: z.array(z.string()).optional(),
			consumesApis: z.array(z.string()).optional(),
			members: z.array(z.string()).optional(),
			memberOf: z.array(z.string()).optional(),
			parent: z.string().optional(),
			profile: z.object({ displayName: z.string().optional(), email: z.string().optional() }).optional(),
		})
		.optional(),
});

/** The targets of the Backstage Location entities of a file. */
export function locationTargets(file: string, text: string): string[] {
	// Most catalog-info.yaml files hold no Location, and each is parsed again as a descriptor: a text
	// without the word cannot declare one, so it is not parsed twice.
	if (!text.includes('Location')) return [];
	const { documents } = parseYamlDocuments(file, text);
	return documents.flatMap(({ value }) => {
		const entity = value as { kind?: unknown; spec?: { target?: unknown; targets?: unknown } } | null;
		if (entity === null || typeof entity !== 'object' || entity.kind !== 'Location') return [];
		const targets = [entity.spec?.target, ...(Array.isArray(entity.spec?.targets) ? entity.spec.targets : [])];
		return targets.filter((target): target is string => typeof target === 'string');
	});
}

export function parseCatalogInfo(file: string, text: string): DescriptorParseResult {
	const { documents, problems } = parseYamlDocuments(file, text);
	const services: DeclaredService[] = [];
	const teams: DeclaredTeam[] = [];
	const groupings: DeclaredGrouping[] = [];
	const users: DeclaredUser[] = [];
	const entities: DeclaredEntity[] = [];
	for (const document of documents) {
		const result = BackstageEntity.safeParse(document.value);
		if (!result.success) {
			const issues = schemaIssues(result.error);
			problems.push(`${file}:${document.line}: not a valid Backstage entity: ${issues}.`);
			continue;
		}
		const entity = result.data;
		const annotations = entity.metadata.annotations ?? {};
		// Refs an entity writes without a namespace are in its own (Backstage's defaulting rule).
		const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
		const id = entityId(namespace, entity.metadata.name);
		const refId = (ref: string) => entityRefId(ref, namespace);
		const owner = entity.spec?.owner === undefined ? null : ownerRefId(entity.spec.owner, namespace);
		if (entity.kind === 'Group') {
			const members = (entity.spec?.members ?? []).map((ref) => parseEntityRef(ref, namespace) ?? { namespace, name: ref.trim() });
			teams.push({
				id,
				name: entity.spec?.profile?.displayName ?? entity.metadata.title ?? entity.metadata.name,
				description: entity.metadata.description ?? null,
				// Handles as people and git know them (the user's name); the User entity adds its e-mail.
				members: [...new Set(members.map((member) => member.name))].sort(),
				memberKeys: members.map((member) => userKey(member.namespace, member.name)).sort(),
				parent: entity.spec?.parent === undefined ? null : refId(entity.spec.parent),
				file,
			});
			continue;
		}
		if (entity.kind === 'User') {
			users.push({ name: entity.metadata.name, key: userKey(namespace, entity.metadata.name), email: entity.spec?.profile?.email ?? null, memberOf: (entity.spec?.memberOf ?? []).map(refId) });
			continue;
		}
		if (entity.kind === 'System' || entity.kind === 'Domain') {
			groupings.push({
				kind: entity.kind === 'System' ? 'system' : 'domain',
				id,
				name: entity.metadata.title ?? entity.metadata.name,
				description: entity.metadata.description ?? null,
				owner,
				domain: entity.kind === 'System' && entity.spec?.domain !== undefined ? refId(entity.spec.domain) : null,
				file,
				line: document.line,
				format: 'catalog-info.yaml',
			});
			continue;
		}
		if (entity.kind === 'Resource' || entity.kind === 'API') {
			entities.push({ kind: entity.kind === 'API' ? 'api' : 'resource', id, type: entity.spec?.type ?? null, description: entity.metadata.description ?? null, owner });
			continue;
		}
		// Location, Template, … are understood but are not services.
		if (entity.kind !== 'Component') continue;
		// Backstage's standard annotations that point somewhere people read: `url:` targets only
		// (`dir:.` for TechDocs means "built from this repository" and names no page).
		const annotated = [
			['Source', annotations['backstage.io/source-location']],
			['Documentation', annotations['backstage.io/techdocs-ref']],
		].flatMap(([title, value]) => (typeof value === 'string' && value.startsWith('url:') ? [{ title, url: value.slice('url:'.length) }] : []));
		const links = [...(entity.metadata.links ?? []).map((link) => ({ title: link.title ?? link.url, url: link.url })), ...annotated]
			.map((link) => Link.safeParse(link))
			.flatMap((link) => (link.success ? [link.data] : []));
		const runbook = annotations['shipshape.io/runbook'] ?? links.find((link) => /runbook/i.test(link.title))?.url ?? null;
		services.push({
			format: 'catalog-info.yaml',
			file,
			line: document.line,
			id,
			name: entity.metadata.title ?? entity.metadata.name,
			description: entity.metadata.description ?? null,
			owner,
			tier: parseTier(annotations['shipshape.io/tier']),
			lifecycle: entity.spec?.lifecycle ?? null,
			language: annotations['shipshape.io/language'] ?? null,
			tags: entity.metadata.tags ?? [],
			aliases: [],
			links,
			runbook,
			pii: parseBoolean(annotations['shipshape.io/pii']),
			dependsOn: (entity.spec?.dependsOn ?? []).filter((ref) => /^component:/i.test(ref)).map(refId),
			repository: annotations['github.com/project-slug'] ?? null,
			system: entity.spec?.system === undefined ? null : refId(entity.spec.system),
			domain: null,
			// The service id only: `pagerduty.com/integration-key` is a secret and is never read.
			resources: (entity.spec?.dependsOn ?? []).filter((ref) => /^resource:/i.test(ref)).map(refId).sort(),
			providesApis: (entity.spec?.providesApis ?? []).map(refId).sort(),
			consumesApis: (entity.spec?.consumesApis ?? []).map(refId).sort(),
			alertSources: typeof annotations['pagerduty.com/service-id'] === 'string' && annotations['pagerduty.com/service-id'].trim() !== '' ? [{ type: 'pagerduty', id: annotations['pagerduty.com/service-id'].trim() }] : [],
		});
	}
	return { services, teams, groupings, users, entities, problems };
}

const OpslevelFile = z.object({
	version: z.literal(1, 'OpsLevel descriptors must say `version: 1`'),
	service: z
		.object({
			name: z.string().min(1),
			description: z.string().nullish(),
			owner: z.string().nullish(),
			tier: z.string().nullish(),
			lifecycle: z.string().nullish(),
			language: z.string().nullish(),
			aliases: z.array(z.string()).nullish(),
			tags: z.array(z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) })).nullish(),
			dependencies: z.array(z.object({ alias: z.string() }).or(z.string())).nullish(),
			repositories: z.array(z.object({ name: z.string(), provider: z.string().nullish() })).nullish(),
			// Where runbooks, dashboards and docs live: { name, category, url, environment }.
			tools: z.array(z.object({ name: z.string().nullish(), category: z.string().nullish(), url: z.string().nullish(), environment: z.string().nullish() })).nullish(),
			// The system it belongs to (OpsLevel's systems sit in domains); `product` is the older spelling.
			system: z.string().nullish(),
			product: z.string().nullish(),
			alert_sources: z.array(z.object({ type: z.string().nullish(), external_id: z.union([z.string(), z.number()]).nullish(), id: z.union([z.string(), z.number()]).nullish() })).nullish(),
		})
		.optional(),
	repository: z.unknown().optional(),
});

export function parseOpslevel(file: string, text: string): DescriptorParseResult {
	const { documents, problems } = parseYamlDocuments(file, text);
	const services: DeclaredService[] = [];
	for (const document of documents) {
		const result = OpslevelFile.safeParse(document.value);
		if (!result.success) {
			const issues = schemaIssues(result.error);
			problems.push(`${file}:${document.line}: not a valid opslevel.yml: ${issues}.`);
			continue;
		}
		// The repository form describes a repository, not a service.
		const service = result.data.service;
		if (service === undefined) continue;
		const tags = service.tags ?? [];
		const tag = (key: string) => tags.find((entry) => entry.key === key)?.value;
		// Only http(s) tool links are kept (the catalog's links are); a runbooks tool is the runbook.
		const tools = (service.tools ?? []).filter((tool) => typeof tool.url === 'string' && /^https?:\/\//i.test(tool.url.trim()));
		const toolTitle = (tool: (typeof tools)[number]) => `${tool.name?.trim() || tool.category || 'Tool'}${tool.category ? ` (${tool.category}${tool.environment ? `, ${tool.environment}` : ''})` : ''}`;
		const runbookTool = tools.find((tool) => tool.category === 'runbooks');
		services.push({
			format: 'opslevel.yml',
			file,
			line: document.line,
			id: toId(service.name),
			name: service.name,
			description: service.description ?? null,
			owner: service.owner ? normaliseOwnerRef(service.owner) : null,
			tier: parseTier(service.tier ?? undefined),
			lifecycle: service.lifecycle ?? null,
			language: service.language ?? null,
			tags: tags.map((entry) => `${entry.key}:${entry.value}`).sort(),
			aliases: service.aliases ?? [],
			links: tools.map((tool) => ({ title: toolTitle(tool), url: tool.url!.trim() })),
			runbook: typeof tag('runbook') === 'string' ? (tag('runbook') as string) : (runbookTool?.url?.trim() ?? null),
			pii: parseBoolean(tag('pii')),
			dependsOn: (service.dependencies ?? []).map((dependency) => toId(typeof dependency === 'string' ? dependency : dependency.alias)),
			repository: (service.repositories ?? []).find((repository) => (repository.provider ?? 'github') === 'github' && /^[\w.-]+\/[\w.-]+$/.test(repository.name))?.name ?? null,
			system: service.system ? toId(service.system) : service.product ? toId(service.product) : null,
			domain: null,
			alertSources: (service.alert_sources ?? []).flatMap((source) => {
				const id = source.external_id ?? source.id;
				return source.type && id !== null && id !== undefined && String(id).trim() !== '' ? [{ type: source.type.toLowerCase(), id: String(id).trim() }] : [];
			}),
		});
	}
	return { services, teams: [], problems };
}

/** `1`, `tier_1`, `tier-1`, `Tier 1` → 1. */
function parseTier(value: string | number | undefined): number | null {
	if (value === undefined) return null;
	const match = /(\d)/.exec(String(value));
	const tier = match === null ? Number.NaN : Number(match[1]);
	return tier >= 1 && tier <= 4 ? tier : null;
}

function parseBoolean(value: string | number | boolean | undefined): boolean | null {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return null;
}

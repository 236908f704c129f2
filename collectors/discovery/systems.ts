// Systems and domains from every place people declare them: Backstage System and Domain entities
// and a Component's `spec.system`, OpsLevel's `system`, a service.yaml's `system:`/`domain:`, and
// `systems:`/`domains:` in shipshape.config.yaml (services by id glob or path prefix). Pure: the
// records it returns are what `catalog/systems/` and `catalog/domains/` hold.
import picomatch from 'picomatch';
import type { Evidence } from '../../catalog/schema/common.ts';
import type { Domain, System } from '../../catalog/schema/system.ts';
import { uniqueByValue } from '../lib/evidence.ts';
import { normaliseOwnerRef, toId } from '../lib/names.ts';
import type { CollectorProblem } from '../types.ts';
import type { DeclaredGrouping } from './descriptors.ts';

export interface GroupingDeclaration {
	id: string;
	name?: string;
	description?: string;
	owner?: string;
	/** For a system: its domain. */
	domain?: string;
	/** For a system: its services, as id globs (`checkout-*`) or path prefixes (`services/checkout/`). */
	services?: string[];
}

export interface GroupingInput {
	services: readonly { id: string; path: string | null; system: string | null; domain: string | null; foundBy: readonly Evidence[] }[];
	declared: readonly DeclaredGrouping[];
	configured: { systems: readonly GroupingDeclaration[]; domains: readonly GroupingDeclaration[] };
}

export interface GroupingResult {
	systems: System[];
	domains: Domain[];
	/** The system and domain of each service. */
	membership: Map<string, { system: string | null; domain: string | null }>;
	problems: CollectorProblem[];
}

const CONFIG_FILE = 'shipshape.config.yaml';

export function assembleSystems({ services, declared, configured }: GroupingInput): GroupingResult {
	const problems: CollectorProblem[] = [];
	type Draft = { id: string; name: string; description: string | null; owner: string | null; domain: string | null; evidence: Evidence[]; services: Set<string> };
	const systems = new Map<string, Draft>();
	const domains = new Map<string, Draft>();
	const draft = (table: Map<string, Draft>, id: string): Draft => {
		let entry = table.get(id);
		if (entry === undefined) {
			entry = { id, name: id, description: null, owner: null, domain: null, evidence: [], services: new Set() };
			table.set(id, entry);
		}
		return entry;
	};
	// Declarations first (descriptors, then configuration, which fills what descriptors leave open).
	for (const grouping of declared) {
		const entry = draft(grouping.kind === 'system' ? systems : domains, grouping.id);
		entry.name = grouping.name;
		entry.description ??= grouping.description;
		entry.owner ??= grouping.owner;
		entry.domain ??= grouping.domain;
		entry.evidence.push({ file: grouping.file, line: grouping.line, detail: `declared in ${grouping.format}` });
	}
	for (const [kind, list] of [['system', configured.systems], ['domain', configured.domains]] as const) {
		for (const declaration of list) {
			const id = toId(declaration.id);
			if (id === '') {
				problems.push({ serviceId: null, file: CONFIG_FILE, message: `${kind}s: "${declaration.id}" gives an empty id.` });
				continue;
			}
			const entry = draft(kind === 'system' ? systems : domains, id);
			if (declaration.name !== undefined) entry.name = declaration.name;
			entry.description ??= declaration.description ?? null;
			entry.owner ??= declaration.owner === undefined ? null : normaliseOwnerRef(declaration.owner);
			if (kind === 'system') entry.domain ??= declaration.domain === undefined ? null : toId(declaration.domain);
			entry.evidence.push({ file: CONFIG_FILE, detail: `declared in ${kind}s:` });
		}
	}

	// Membership: the service's own descriptor, else the first configured system that selects it.
	const configuredSelectors = configured.systems.map((declaration) => ({ id: toId(declaration.id), select: selector(declaration.services ?? []) }));
	const membership = new Map<string, { system: string | null; domain: string | null }>();
	for (const service of services) {
		const fromConfig = configuredSelectors.find((candidate) => candidate.select(service.id, service.path));
		const system = service.system ?? fromConfig?.id ?? null;
		if (system !== null) {
			const entry = draft(systems, system);
			entry.services.add(service.id);
			if (service.system === null) entry.evidence.push({ file: CONFIG_FILE, detail: `${service.id} selected by systems[${system}].services` });
			else entry.evidence.push({ ...(service.foundBy[0] ?? { file: CONFIG_FILE }), detail: `${service.id} names system "${system}"` });
		}
		membership.set(service.id, { system, domain: service.domain });
	}
	// A service's domain is its own, else its system's.
	for (const [serviceId, member] of membership) {
		const domain = member.domain ?? (member.system === null ? null : (systems.get(member.system)?.domain ?? null));
		member.domain = domain;
		if (domain !== null) draft(domains, domain).services.add(serviceId);
	}
	for (const system of systems.values()) if (system.domain !== null) draft(domains, system.domain);
	for (const domain of domains.values()) if (domain.evidence.length === 0) domain.evidence.push({ file: CONFIG_FILE, detail: `named by ${[...systems.values()].filter((system) => system.domain === domain.id).map((system) => `system ${system.id}`).concat([...domain.services].map((id) => `service ${id}`)).slice(0, 5).join(', ')}` });

	const sorted = <T extends { id: string }>(items: Iterable<T>) => [...items].sort((a, b) => compare(a.id, b.id));
	return {
		systems: sorted(systems.values()).map((entry) => ({
			$schema: '../schema/json/system.schema.json',
			id: entry.id,
			name: entry.name,
			description: entry.description,
			owner: entry.owner,
			domain: entry.domain,
			services: [...entry.services].sort(compare),
			evidence: uniqueByValue(entry.evidence),
		})),
		domains: sorted(domains.values()).map((entry) => ({
			$schema: '../schema/json/domain.schema.json',
			id: entry.id,
			name: entry.name,
			description: entry.description,
			owner: entry.owner,
			systems: [...systems.values()].filter((system) => system.domain === entry.id).map((system) => system.id).sort(compare),
			services: [...entry.services].sort(compare),
			evidence: uniqueByValue(entry.evidence),
		})),
		membership,
		problems,
	};
}

/** Id globs match the service id; entries with a slash are path prefixes (or globs) of its directory. */
function selector(patterns: readonly string[]): (id: string, path: string | null) => boolean {
	const idPatterns = patterns.filter((pattern) => !pattern.includes('/'));
	const pathPatterns = patterns.filter((pattern) => pattern.includes('/'));
	const idMatch = idPatterns.length === 0 ? () => false : picomatch(idPatterns);
	const pathGlobs = pathPatterns.filter((pattern) => /[*?[{]/.test(pattern));
	const pathMatch = pathGlobs.length === 0 ? () => false : picomatch(pathGlobs, { dot: true });
	const prefixes = pathPatterns.filter((pattern) => !/[*?[{]/.test(pattern)).map((prefix) => prefix.replace(/\/+$/, ''));
	return (id, servicePath) => idMatch(id) || (servicePath !== null && (pathMatch(servicePath) || prefixes.some((prefix) => servicePath === prefix || servicePath.startsWith(`${prefix}/`))));
}


function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

// Combines per-repository catalog fragments into one catalog. Pure: the same sources give the same
// records whatever order they come in (everything is chosen by a total order and sorted), so the
// merged catalog is byte-identical however the CI matrix delivered its artifacts.
import { stableStringify } from '../format/stable-json.ts';
import { repositoryQualifiedId } from '../format/repository-slug.ts';
import type { Evidence } from '../schema/common.ts';
import type { DiscoveryReport } from '../schema/discovery.ts';
import type { CatalogRecords, FragmentManifest, RepositorySource } from '../schema/fragment.ts';
import type { CatalogMeta } from '../schema/meta.ts';
import type { ActivityRecord } from '../schema/activity.ts';
import type { Service } from '../schema/service.ts';
import type { Domain, System } from '../schema/system.ts';
import type { Team } from '../schema/team.ts';

type Origin = Pick<FragmentManifest, 'kind' | 'repository' | 'commit' | 'committedAt' | 'collectedAt' | 'collectors'>;
type DeclaredTeam = Omit<Team, 'services'>;

/** One repository (or the inventory) as the merge sees it: a fresh fragment, or what the previous merge kept. */
export interface RepositoryState {
	origin: Origin;
	/** Its service records with the ids it gave them. */
	services: Service[];
	/** Their activity records (`activity/<id>.json`), with the same ids. */
	activity: ActivityRecord[];
	teams: DeclaredTeam[];
	systems: System[];
	domains: Domain[];
	discovery: DiscoveryReport;
	/** True for a fragment of this run; false for what the previous merge kept. */
	fresh: boolean;
}

export interface MergeInput {
	/** Repositories and the inventory, at most one state each (see `newestStates`). */
	states: readonly RepositoryState[];
	/** `merge.idClashes`: an id two repositories claim → the repository that keeps it plain. */
	idClashResolutions: Readonly<Record<string, string>>;
}

export interface MergedCatalog extends CatalogRecords {
	activity: ActivityRecord[];
	/** `catalog/repositories/<slug>.json`: what each repository's state was, to keep next time. */
	repositories: RepositorySource[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Of several states of one repository, the newest: the later commit (by committer date), then the
 * later collection, then the content itself, so that no order of arrival changes the choice and a
 * fragment of an older commit never replaces a newer one.
 */
export function newerState(a: RepositoryState, b: RepositoryState): RepositoryState {
	const time = (value: string | null) => (value === null ? -Infinity : Date.parse(value));
	const byCommit = time(a.origin.committedAt) - time(b.origin.committedAt);
	if (byCommit !== 0 && !Number.isNaN(byCommit)) return byCommit > 0 ? a : b;
	const byCollection = compare(a.origin.collectedAt, b.origin.collectedAt);
	if (byCollection !== 0) return byCollection > 0 ? a : b;
	if (a.fresh !== b.fresh) return a.fresh ? a : b;
	return stableStringify(a) >= stableStringify(b) ? a : b;
}

/** One state per repository: the newest of those given. */
export function newestStates(states: readonly RepositoryState[]): RepositoryState[] {
	const byRepository = new Map<string, RepositoryState>();
	for (const state of states) {
		const key = `${state.origin.kind}:${state.origin.repository}`;
		const current = byRepository.get(key);
		byRepository.set(key, current === undefined ? state : newerState(current, state));
	}
	return [...byRepository.values()].sort((a, b) => compare(a.origin.repository, b.origin.repository));
}

export function mergeStates({ states, idClashResolutions }: MergeInput): MergedCatalog {
	const repositories = states.filter((state) => state.origin.kind === 'repository').sort((a, b) => compare(a.origin.repository, b.origin.repository));
	const inventory = states.find((state) => state.origin.kind === 'inventory') ?? null;
	const renames = clashRenames(repositories, idClashResolutions);

	const services: Service[] = [];
	for (const state of repositories) {
		const idOf = renames.idIn(state.origin.repository);
		for (const service of state.services) {
			const claimants = renames.claimants.get(service.id)!;
			services.push({
				...service,
				id: idOf(service.id),
				dependsOn: service.dependsOn.map(idOf).sort(compare),
				...(claimants.length > 1 ? { idClash: { id: service.id, repositories: claimants } } : {}),
			});
		}
	}
	const inventoryById = new Map((inventory?.services ?? []).map((service) => [service.id, service]));
	// An inventory kept from the previous merge only fills gaps: its Kubernetes facts may be a
	// repository's own from last time, and must not replace what that repository's job just collected.
	const merged = inventory === null ? services : services.map((service) => withInventory(service, inventoryById.get(service.id), inventory.fresh));
	merged.sort((a, b) => compare(a.id, b.id));
	const activity = repositories
		.flatMap((state) => state.activity.map((record) => ({ ...record, id: renames.idIn(state.origin.repository)(record.id) })))
		.sort((a, b) => compare(a.id, b.id));

	const systems = mergeGroupings(repositories.flatMap((state) => state.systems.map((system) => renameMembers(system, renames.idIn(state.origin.repository)))), (a, b) => ({ ...a, domain: a.domain ?? b.domain }));
	const domains = mergeGroupings(repositories.flatMap((state) => state.domains.map((domain) => renameMembers(domain, renames.idIn(state.origin.repository)))), (a, b) => ({ ...a, systems: union(a.systems, b.systems) }));
	return {
		services: merged,
		activity,
		teams: mergeTeams(repositories.flatMap((state) => state.teams), merged),
		systems,
		domains,
		discovery: mergeDiscovery(repositories, inventory, renames, merged),
		meta: mergeMeta(states),
		repositories: states
			.map((state) => ({
				$schema: '../schema/json/repository.schema.json',
				...state.origin,
				services: state.origin.kind === 'inventory' ? [] : state.services.map((service) => renames.idIn(state.origin.repository)(service.id)).sort(compare),
				renamed: renames.renamed.get(state.origin.repository) ?? {},
				teams: state.teams,
				systems: state.systems,
				domains: state.domains,
				discovery: state.discovery,
			}))
			.sort((a, b) => compare(a.repository, b.repository)),
	};
}

interface ClashRenames {
	/** Per repository: its own id → the id in the merged catalog, for the ids it must give up. */
	renamed: Map<string, Record<string, string>>;
	/** Per own id: the repositories that claim it, sorted. */
	claimants: Map<string, string[]>;
	/** The id in the merged catalog of an id of `repository`'s (its own when it keeps it). */
	idIn(repository: string): (id: string) => string;
}

/**
 * Ids two repositories claim are never merged into one service: each claimant gets an id
 * qualified with its repository, except the one `merge.idClashes` names.
 */
function clashRenames(repositories: readonly RepositoryState[], resolutions: Readonly<Record<string, string>>): ClashRenames {
	const claimants = new Map<string, string[]>();
	for (const state of repositories) for (const service of state.services) claimants.set(service.id, [...(claimants.get(service.id) ?? []), state.origin.repository]);
	for (const list of claimants.values()) list.sort(compare);
	const renamed = new Map(repositories.map((state) => [state.origin.repository, {} as Record<string, string>]));
	for (const [id, repositoriesClaiming] of claimants) {
		if (repositoriesClaiming.length < 2) continue;
		for (const repository of repositoriesClaiming) if (resolutions[id] !== repository) renamed.get(repository)![id] = repositoryQualifiedId(repository, id);
	}
	return {
		renamed,
		claimants,
		idIn: (repository) => {
			const ids = renamed.get(repository) ?? {};
			return (id) => ids[id] ?? id;
		},
	};
}

/**
 * The inventory's facts on a repository's service. A collector the repository's job did not run
 * (Terraform state, cloud exports: no inventory there) takes the inventory's facts as they are; one
 * it did run (Kubernetes: committed manifests) keeps its own facts unless the inventory found
 * something about this service (a live dump describes what runs).
 */
function withInventory(service: Service, found: Service | undefined, mayReplace: boolean): Service {
	if (found === undefined) return service;
	const facts = { ...(service.facts as Record<string, unknown>) };
	const evidence = { ...service.evidence };
	const inventoryFacts = found.facts as Record<string, unknown>;
	for (const namespace of Object.keys(inventoryFacts)) {
		const evidenceKeys = Object.keys(found.evidence).filter((key) => key.startsWith(`${namespace}.`));
		if (facts[namespace] !== undefined && (!mayReplace || !evidenceKeys.some((key) => found.evidence[key]!.length > 0))) continue;
		facts[namespace] = inventoryFacts[namespace];
		for (const key of Object.keys(evidence)) if (key.startsWith(`${namespace}.`)) delete evidence[key];
		for (const key of evidenceKeys) evidence[key] = found.evidence[key]!;
	}
	const errors = dedupeSorted([...service.errors, ...found.errors]);
	return { ...service, facts: facts as Service['facts'], evidence, errors };
}

function renameMembers<T extends System | Domain>(grouping: T, idOf: (id: string) => string): T {
	return { ...grouping, services: grouping.services.map(idOf).sort(compare) };
}

/** Systems (or domains) of one id across repositories: one record, its services and evidence united. */
function mergeGroupings<T extends System | Domain>(groupings: readonly T[], combine: (a: T, b: T) => T): T[] {
	const byId = new Map<string, T>();
	for (const grouping of [...groupings].sort((a, b) => compare(stableStringify(a), stableStringify(b)))) {
		const current = byId.get(grouping.id);
		if (current === undefined) {
			byId.set(grouping.id, grouping);
			continue;
		}
		byId.set(grouping.id, {
			...combine(current, grouping),
			name: current.name !== current.id ? current.name : grouping.name,
			description: current.description ?? grouping.description,
			owner: current.owner ?? grouping.owner,
			services: union(current.services, grouping.services),
			evidence: dedupeSorted([...current.evidence, ...grouping.evidence]),
		});
	}
	return [...byId.values()].sort((a, b) => compare(a.id, b.id));
}

/** Teams described by several repositories are one team: members and aliases united, services recomputed. */
function mergeTeams(declared: readonly DeclaredTeam[], services: readonly Service[]): Team[] {
	const byId = new Map<string, DeclaredTeam>();
	for (const team of [...declared].sort((a, b) => compare(stableStringify(a), stableStringify(b)))) {
		const current = byId.get(team.id);
		byId.set(
			team.id,
			current === undefined
				? team
				: {
						...current,
						name: current.name !== current.id ? current.name : team.name,
						description: current.description ?? team.description,
						members: union(current.members, team.members),
						aliases: union(current.aliases, team.aliases),
						...((current.parent ?? team.parent) ? { parent: current.parent ?? team.parent } : {}),
					},
		);
	}
	const owned = new Map<string, string[]>();
	// Appended in place: a team owning thousands of services would be copied quadratically.
	for (const service of services) {
		if (service.owner === null) continue;
		const list = owned.get(service.owner);
		if (list === undefined) owned.set(service.owner, [service.id]);
		else list.push(service.id);
	}
	return [...byId.values()].map((team) => ({ $schema: '../schema/json/team.schema.json', ...team, services: (owned.get(team.id) ?? []).sort(compare) })).sort((a, b) => compare(a.id, b.id));
}

function mergeDiscovery(repositories: readonly RepositoryState[], inventory: RepositoryState | null, renames: ClashRenames, services: readonly Service[]): DiscoveryReport {
	const reports = repositories.map((state) => {
		const rename = renames.idIn(state.origin.repository);
		const report = state.discovery;
		return {
			...report,
			unregistered: report.unregistered.map((entry) => ({ ...entry, id: rename(entry.id) })),
			unowned: report.unowned.map(rename),
			ownershipConflicts: report.ownershipConflicts.map((entry) => ({ ...entry, service: rename(entry.service) })),
			withoutRuntime: report.withoutRuntime.map(rename),
		};
	});
	const all = <K extends keyof DiscoveryReport>(key: K) => reports.flatMap((report) => report[key] as unknown[]);
	const read = reports.filter((report) => report.ownerSuggestions.status === 'ok').length;
	const ids = new Set(services.map((service) => service.id));
	return {
		$schema: './schema/json/discovery.schema.json',
		unregistered: dedupeSorted(all('unregistered')) as DiscoveryReport['unregistered'],
		unowned: [...new Set(all('unowned') as string[])].sort(compare),
		ownershipConflicts: dedupeSorted(all('ownershipConflicts')) as DiscoveryReport['ownershipConflicts'],
		nearDuplicates: dedupeSorted(all('nearDuplicates')) as DiscoveryReport['nearDuplicates'],
		unlinkedDeployments: dedupeSorted(all('unlinkedDeployments')) as DiscoveryReport['unlinkedDeployments'],
		ownerSuggestions:
			reports.length === 1
				? reports[0]!.ownerSuggestions
				: { status: read > 0 ? 'ok' : 'skipped', detail: read > 0 ? `git history read in ${read} of ${reports.length} repositories` : `no repository's git history was read (${reports[0]?.ownerSuggestions.detail ?? 'no repositories'})` },
		orphanedResources: dedupeSorted([...all('orphanedResources'), ...(inventory?.discovery.orphanedResources ?? [])]) as DiscoveryReport['orphanedResources'],
		// The inventory saw every service's cloud footprint; without it, each repository's own view.
		withoutRuntime: (inventory === null ? [...new Set(all('withoutRuntime') as string[])] : inventory.discovery.withoutRuntime.filter((id) => ids.has(id))).sort(compare),
		candidates: dedupeSorted(all('candidates')) as DiscoveryReport['candidates'],
		idClashes: dedupeSorted([...all('idClashes'), ...repositoryClashes(repositories, renames)]) as DiscoveryReport['idClashes'],
		errors: dedupeSorted([...all('errors'), ...(inventory?.discovery.errors ?? [])]) as DiscoveryReport['errors'],
	};
}

/** Ids claimed by services of two repositories, for discovery's `idClashes`. */
function repositoryClashes(repositories: readonly RepositoryState[], renames: ClashRenames): DiscoveryReport['idClashes'] {
	return [...renames.claimants]
		.filter(([, claimants]) => claimants.length > 1)
		.map(([id, claimants]) => ({
			id,
			candidates: claimants.map((repository) => {
				const service = repositories.find((state) => state.origin.repository === repository)!.services.find((candidate) => candidate.id === id)!;
				const declared: Evidence = service.declaredIn ? { file: service.declaredIn.file, ...(service.declaredIn.line === null ? {} : { line: service.declaredIn.line }) } : {};
				return { path: service.path, evidence: [{ ...declared, resource: repository, detail: `catalogued as ${renames.idIn(repository)(id)}` }] };
			}),
			resolve: `Rename the service in all but one repository, or set \`merge.idClashes: { ${id}: <owner/name> }\` to say which repository keeps the id "${id}".`,
		}));
}

/** One meta.json for the merged catalog: the latest collection, each collector's worst status with the repositories named. */
function mergeMeta(states: readonly RepositoryState[]): CatalogMeta {
	const byCollector = new Map<string, { entry: CatalogMeta['collectors'][number]; repository: string }[]>();
	for (const state of [...states].sort((a, b) => compare(a.origin.repository, b.origin.repository))) {
		for (const entry of state.origin.collectors) byCollector.set(entry.id, [...(byCollector.get(entry.id) ?? []), { entry, repository: state.origin.repository }]);
	}
	const collectors = [...byCollector.keys()].sort(compare).map((id) => {
		const runs = byCollector.get(id)!;
		const failed = runs.filter((run) => run.entry.status === 'failed');
		const ok = runs.filter((run) => run.entry.status === 'ok');
		const first = runs[0]!.entry;
		const version = Math.max(...runs.map((run) => run.entry.version));
		if (failed.length > 0) return { ...first, version, status: 'failed' as const, reason: `failed in ${failed.length} of ${runs.length} repositories: ${failed.slice(0, 3).map((run) => `${run.repository} (${run.entry.reason ?? 'no reason given'})`).join('; ')}${failed.length > 3 ? '; …' : ''}` };
		if (ok.length > 0) return { ...first, version, status: 'ok' as const, reason: null };
		return { ...first, version, status: 'skipped' as const };
	});
	const collectedAt = states.map((state) => state.origin.collectedAt).sort(compare).at(-1) ?? new Date(0).toISOString();
	return { $schema: './schema/json/meta.schema.json', collectedAt, collectors };
}

function union(a: readonly string[], b: readonly string[]): string[] {
	return [...new Set([...a, ...b])].sort(compare);
}

/** Equal entries once, in the order of their JSON: the same whatever order the fragments came in. */
function dedupeSorted<T>(items: readonly T[]): T[] {
	const byText = new Map(items.map((item) => [stableStringify(item), item]));
	return [...byText.keys()].sort(compare).map((text) => byText.get(text)!);
}

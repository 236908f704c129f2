// `shipshape merge`: reads the fragments a CI matrix produced (one per repository, one for the
// inventory), checks each against its manifest, keeps the previous records of every repository
// whose fragment is missing, rejected or older, and writes one catalog in one transaction.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { recoverCatalog, commitCatalog } from '../io/catalog-transaction.ts';
import { mapLimited } from '../io/map-limited.ts';
import { readRecordFiles } from '../io/read-records.ts';
import { shrinkRefusal } from '../io/shrink-limit.ts';
import type { Logger } from '../io/logger.ts';
import { stableStringify } from '../format/stable-json.ts';
import { repositorySlug } from '../format/repository-slug.ts';
import { RepositorySource } from '../schema/fragment.ts';
import { ActivityRecord } from '../schema/activity.ts';
import { Service } from '../schema/service.ts';
import { Team } from '../schema/team.ts';
import { Domain, System } from '../schema/system.ts';
import { DiscoveryReport } from '../schema/discovery.ts';
import { CatalogMeta } from '../schema/meta.ts';
import { isFragmentDirectory, readFragment, type Fragment } from './read-fragment.ts';
import { mergeStates, newestStates, type RepositoryState } from './merge.ts';

export interface MergeOptions {
	/** The catalog to merge into (its previous records are kept where no newer fragment replaces them). */
	catalog: string;
	/** Fragment directories, or directories of fragments (an artifact download). */
	fragments: readonly string[];
	idClashResolutions: Readonly<Record<string, string>>;
	/** When given, the repositories of the organisation: those not listed are dropped from the catalog. */
	repositories: readonly string[] | null;
	/** `collect.shrinkLimit` and `--allow-shrink`: a merge that would remove too many services is refused. */
	shrink: { allowShrink: boolean; shrinkLimit: { share: number; services: number } };
	log: Logger;
}

export interface MergeSummary {
	serviceCount: number;
	repositoryCount: number;
	/** Repositories taken from a fragment of this run. */
	merged: string[];
	/** Repositories whose previous records were kept: no fragment this time, or only a rejected or older one. */
	kept: string[];
	/** Fragments not merged because they are partial or corrupt, with why (their repository's previous records were kept). */
	rejected: { directory: string; reason: string }[];
	/** Fragments not merged because their repository already has a newer state (a re-run of an old job). */
	older: { directory: string; reason: string }[];
	/** Repositories removed because `repositories` does not list them. */
	dropped: string[];
	/** Ids two repositories claim (each claimant qualified unless configured). */
	clashes: string[];
	changed: boolean;
}

/** Merge refused before anything was read or written: a path that is not there. */
export class MergeRefused extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MergeRefused';
	}
}

const RECORD_DIRECTORIES = ['services', 'activity', 'teams', 'systems', 'domains', 'repositories'] as const;

export async function mergeFragments(options: MergeOptions): Promise<MergeSummary> {
	const { catalog, log } = options;
	const directories = await fragmentDirectories(options.fragments);
	await recoverCatalog(catalog);
	log.info(`Reading ${directories.length} fragment(s)`);
	let done = 0;
	const readings = await mapLimited(directories, 8, async (directory) => {
		const reading = await readFragment(directory);
		log.progress('Reading fragments', ++done, directories.length);
		return reading;
	});
	const rejected = readings.flatMap((reading) => ('rejected' in reading ? [reading.rejected] : []));
	const fresh = readings.flatMap((reading) => ('fragment' in reading ? [stateOfFragment(reading.fragment)] : []));

	const previous = await previousStates(catalog, log);
	const listed = options.repositories === null ? null : new Set(options.repositories);
	const chosen = newestStates([...previous, ...fresh]);
	const dropped = listed === null ? [] : chosen.filter((state) => state.origin.kind === 'repository' && !listed.has(state.origin.repository)).map((state) => state.origin.repository);
	const droppedSet = new Set(dropped);
	const states = chosen.filter((state) => !droppedSet.has(state.origin.repository));
	const merged = mergeStates({ states, idClashResolutions: options.idClashResolutions });

	const files = new Map<string, string>();
	for (const service of merged.services) files.set(`services/${service.id}.json`, stableStringify(Service.parse({ $schema: '../schema/json/service.schema.json', ...service })));
	for (const record of merged.activity) files.set(`activity/${record.id}.json`, stableStringify(ActivityRecord.parse(record)));
	for (const team of merged.teams) files.set(`teams/${team.id}.json`, stableStringify(Team.parse(team)));
	for (const system of merged.systems) files.set(`systems/${system.id}.json`, stableStringify(System.parse(system)));
	for (const domain of merged.domains) files.set(`domains/${domain.id}.json`, stableStringify(Domain.parse(domain)));
	for (const source of merged.repositories) files.set(`repositories/${repositorySlug(source.repository)}.json`, stableStringify(RepositorySource.parse(source)));
	files.set('discovery.json', stableStringify(DiscoveryReport.parse(merged.discovery)));
	files.set('meta.json', stableStringify(CatalogMeta.parse(merged.meta)));
	const remove: string[] = [];
	for (const directory of RECORD_DIRECTORIES) {
		for (const name of await readdir(path.join(catalog, directory)).catch(() => [] as string[])) {
			if (name.endsWith('.json') && !files.has(`${directory}/${name}`)) remove.push(`${directory}/${name}`);
		}
	}
	// A repository list cut short (a failed listing) must not empty the catalog: the same guard as collect's.
	const previousCount = (await readdir(path.join(catalog, 'services')).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).length;
	const removedServices = remove.filter((file) => file.startsWith('services/')).map((file) => file.slice('services/'.length, -'.json'.length));
	const refusal = options.shrink.allowShrink ? null : shrinkRefusal(previousCount, removedServices, options.shrink.shrinkLimit, 'merge');
	if (refusal !== null) throw new MergeRefused(`${refusal} Nothing was written. Check --repositories and the fragments; if the removal is intended, run again with --allow-shrink (or set collect.allowShrink: true).`);
	const written = await commitCatalog(catalog, { files, remove });

	const freshChosen = new Set(states.filter((state) => state.fresh).map((state) => state.origin.repository));
	return {
		serviceCount: merged.services.length,
		repositoryCount: states.filter((state) => state.origin.kind === 'repository').length,
		merged: [...freshChosen].sort(),
		kept: states.filter((state) => !freshChosen.has(state.origin.repository)).map((state) => state.origin.repository).sort(),
		rejected: rejected.sort((a, b) => (a.directory < b.directory ? -1 : 1)),
		older: olderFragments(fresh, states),
		dropped: dropped.sort(),
		clashes: [...new Set(merged.services.flatMap((service) => (service.idClash ? [service.idClash.id] : [])))].sort(),
		changed: written.written.length > 0 || written.removed.length > 0,
	};
}

/** Each argument is one fragment or a directory of them (every subdirectory is then a fragment). */
async function fragmentDirectories(paths: readonly string[]): Promise<string[]> {
	const directories: string[] = [];
	for (const given of paths) {
		const info = await stat(given).catch(() => null);
		if (info === null || !info.isDirectory()) throw new MergeRefused(`${given} is not a directory of fragments; pass the directories \`shipshape collect --fragment\` wrote (or the one their artifacts were downloaded into). The catalog was not touched.`);
		if (await isFragmentDirectory(given)) {
			directories.push(given);
			continue;
		}
		const entries = (await readdir(given, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => path.join(given, entry.name));
		if (entries.length === 0) throw new MergeRefused(`${given} holds no fragments (no fragment.json, and no subdirectories); did the collect jobs upload theirs? The catalog was not touched.`);
		directories.push(...entries);
	}
	return [...new Set(directories)].sort();
}

function stateOfFragment(fragment: Fragment): RepositoryState & { directory: string } {
	const { files: _files, $schema: _schema, ...origin } = fragment.manifest;
	return {
		directory: fragment.directory,
		origin,
		services: fragment.services,
		activity: fragment.activity,
		teams: fragment.teams.map(({ services: _services, $schema: _teamSchema, ...team }) => team),
		systems: fragment.systems.map(({ $schema: _systemSchema, ...system }) => system),
		domains: fragment.domains.map(({ $schema: _domainSchema, ...domain }) => domain),
		discovery: (({ $schema: _discoverySchema, ...discovery }) => discovery)(fragment.discovery),
		fresh: true,
	};
}

/** Fragments that lost to a newer state of their repository (an older commit, or the previous merge's). */
function olderFragments(fresh: readonly (RepositoryState & { directory: string })[], chosen: readonly RepositoryState[]): { directory: string; reason: string }[] {
	const sameRepository = (a: RepositoryState, b: RepositoryState) => a.origin.kind === b.origin.kind && a.origin.repository === b.origin.repository;
	return fresh
		.filter((state) => !chosen.includes(state) && chosen.some((candidate) => sameRepository(candidate, state)))
		.map((state) => {
			const winner = chosen.find((candidate) => sameRepository(candidate, state))!;
			return { directory: state.directory, reason: `of ${state.origin.repository} at ${state.origin.commit?.slice(0, 12) ?? 'no commit'}, older than ${winner.origin.commit?.slice(0, 12) ?? 'the state'} already merged; nothing newer was replaced.` };
		})
		.sort((a, b) => (a.directory < b.directory ? -1 : 1));
}

/**
 * What the previous merge kept of each repository (`repositories/<slug>.json` and the services
 * recorded as its), as states that compete with the fresh fragments. Facts of collectors the
 * repository's own job did not run came from the inventory and are left to it.
 */
async function previousStates(catalog: string, log: Logger): Promise<RepositoryState[]> {
	const names = (await readdir(path.join(catalog, 'repositories')).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
	if (names.length === 0) return [];
	const services = await readServices(catalog, log);
	const activity = await readActivity(catalog);
	const states: RepositoryState[] = [];
	for (const name of names) {
		const file = path.join(catalog, 'repositories', name);
		const parsed = RepositorySource.safeParse(await readFile(file, 'utf8').then(JSON.parse).catch(() => null));
		if (!parsed.success) {
			log.warn(`${file}: not a merged repository record; that repository's previous services are not kept (its next fragment restores them)`);
			continue;
		}
		const { $schema: _schema, services: ids, renamed, teams, systems, domains, discovery, ...origin } = parsed.data;
		const collected = new Set(origin.collectors.filter((entry) => entry.status === 'ok').map((entry) => entry.id));
		const original = Object.fromEntries(Object.entries(renamed).map(([own, qualified]) => [qualified, own]));
		const own = (id: string) => original[id] ?? id;
		const members = origin.kind === 'inventory' ? [...services.values()] : ids.flatMap((id) => services.get(id) ?? []);
		states.push({
			origin,
			services: members.map(({ idClash: _clash, ...service }) => ({
				...service,
				id: own(service.id),
				dependsOn: service.dependsOn.map(own).sort(),
				facts: Object.fromEntries(Object.entries(service.facts).filter(([namespace]) => collected.has(namespace))) as Service['facts'],
				evidence: Object.fromEntries(Object.entries(service.evidence).filter(([key]) => collected.has(key.split('.')[0]!))),
			})),
			activity: origin.kind === 'inventory' ? [] : ids.flatMap((id) => activity.get(id) ?? []).map((record) => ({ ...record, id: own(record.id) })),
			teams,
			systems,
			domains,
			discovery,
			fresh: false,
		});
	}
	return states;
}

async function readServices(catalog: string, log: Logger): Promise<Map<string, Service>> {
	const { records, problems } = await readRecordFiles(path.join(catalog, 'services'), Service);
	for (const problem of problems) log.warn(`${problem.file}: not a service record; not kept`);
	return new Map(records.map((record) => [record.id, record]));
}

async function readActivity(catalog: string): Promise<Map<string, ActivityRecord>> {
	const { records } = await readRecordFiles(path.join(catalog, 'activity'), ActivityRecord);
	return new Map(records.map((record) => [record.id, record]));
}

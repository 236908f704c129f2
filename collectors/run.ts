// The collection runner: discovery, then every collector one by one. It owns policy: validates each
// collector's output against its fact schema, isolates failures (the previous facts are kept), turns
// unreadable inputs into `errors` entries, and writes the catalog deterministically.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Evidence, InputError } from '../catalog/schema/common.ts';
import { Facts } from '../catalog/schema/facts.ts';
import { CatalogMeta } from '../catalog/schema/meta.ts';
import { FRAGMENT_MANIFEST, FragmentManifest } from '../catalog/schema/fragment.ts';
import { Service } from '../catalog/schema/service.ts';
import { Team } from '../catalog/schema/team.ts';
import type { DiscoverySettings } from './discovery/settings.ts';
import { assembleSystems, type GroupingDeclaration } from './discovery/systems.ts';
import type { Domain, System } from '../catalog/schema/system.ts';
import type { TeamDeclaration } from './types.ts';
import { stableStringify } from '../catalog/format/stable-json.ts';
import { joinActivityFacts, splitActivity, type ActivityFacts } from '../catalog/format/activity.ts';
import { ActivityRecord } from '../catalog/schema/activity.ts';
import { changedFiles, commitCatalog, recoverCatalog } from '../catalog/io/catalog-transaction.ts';
import { shrinkRefusal } from '../catalog/io/shrink-limit.ts';
import { readRecordFiles } from '../catalog/io/read-records.ts';
import { DiscoveryReport } from '../catalog/schema/discovery.ts';
import { discoverServices, DISCOVERY_ID, isWithin, type DiscoveryResult } from './discovery/index.ts';
import { COLLECTORS } from './index.ts';
import { listFiles, readFileSafely } from './lib/files.ts';
import { createGitHubClient } from './lib/octokit.ts';
import { runGit, type GitRunner } from '../catalog/io/git.ts';
import { createProgramRunner, findProgram, type ProgramRunner } from '../catalog/io/programs.ts';
import { toId } from './lib/names.ts';
import { INVENTORY_MAX_BYTES, type Collector, type CollectorContext, type CollectorProblem, type DiscoveredService, type Logger, type OrphanResource } from './types.ts';

/** How `collect` guards the catalog (the `collect:` section of shipshape.config.yaml, resolved). */
export interface CollectSettings {
	allowShrink: boolean;
	shrinkLimit: { share: number; services: number };
}

/** What one collection needs to know: the resolved settings the CLI passes in. */
export interface CollectionSettings {
	repo: string;
	inventory: string | null;
	/** Where `repo` and `inventory` were set, for error messages. */
	origins: { repo: string; inventory: string };
	catalog: string;
	teams: readonly TeamDeclaration[];
	/** `systems:` and `domains:` of the configuration. */
	systems: readonly GroupingDeclaration[];
	domains: readonly GroupingDeclaration[];
	discovery: DiscoverySettings;
	serviceKeys: readonly string[];
	/** The configuration file's directory (or the working one without a file). */
	configDirectory: string;
	cacheDirectory: string;
	/** Where activity records go when not committed (`activity.commit: false`); null or absent: `<catalog>/activity/`. */
	activityDirectory?: string | null;
	/** `--offline`: collectors make no network calls. */
	offline: boolean;
	collect: CollectSettings;
	/** The `collectors:` section as written: each collector's settings by id, validated by its own schema. */
	collectorSettings: Readonly<Record<string, unknown>>;
	/**
	 * `collect --fragment`: write a catalog fragment for one repository (or for the inventory) with
	 * its manifest; a repository fragment's service records carry `repository`.
	 */
	fragment?: FragmentOrigin | null;
	/**
	 * An inventory fragment's services: the catalog whose services the inventory is matched to. No
	 * discovery runs and only the collectors that read the inventory do.
	 */
	servicesFrom?: string | null;
}

/** Where a fragment comes from, for its manifest. */
export interface FragmentOrigin {
	kind: 'repository' | 'inventory';
	repository: string;
	commit: string | null;
	committedAt: string | null;
}

export interface CollectOptions {
	now: Date;
	log: Logger;
	/** Run only these collectors; the others keep their previous facts. */
	only?: readonly string[];
	/** The process environment; each collector sees only the variables it declares in `env`. */
	env?: Readonly<Record<string, string | undefined>>;
	/** Default: the real git. */
	git?: GitRunner;
	/** The collectors to run, in order. Default: the built-in registry (the CLI adds the user's plugins). */
	collectors?: readonly Collector[];
}

export interface CollectSummary {
	serviceCount: number;
	/** Services in the catalog before that this collection removed. */
	removedServices: string[];
	/** False when the catalog already held exactly this (nothing was written, meta.json included). */
	changed: boolean;
	teamCount: number;
	inputErrorCount: number;
	failedCollectors: string[];
	skippedCollectors: { id: string; reason: string }[];
}

/**
 * Collection refused before anything was written: an impossible input or a suspicious shrink. The
 * CLI exits 2 with the message; the catalog is byte-identical to before.
 */
export class CollectionRefused extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CollectionRefused';
	}
}

export async function runCollection(settings: CollectionSettings, options: CollectOptions): Promise<CollectSummary> {
	if (settings.servicesFrom != null) return runInventoryCollection(settings, settings.servicesFrom, options);
	const { now, log } = options;
	await assertReadableDirectory(settings.repo, settings.origins.repo, 'the monorepo root');
	if (settings.inventory !== null) await assertReadableDirectory(settings.inventory, settings.origins.inventory, 'the directory of inventory exports');
	await settleInterruptedCollection(settings.catalog, log);
	log.info(`Listing files in ${settings.repo}`);
	const repoFiles = await listFiles(settings.repo);
	if (repoFiles.length === 0) {
		throw new CollectionRefused(`${settings.repo} (${settings.origins.repo}) holds no files to scan (an empty or failed checkout?); point it at the monorepo root. The catalog was not touched.`);
	}
	log.info(`Found ${repoFiles.length} files; discovering services`);
	const discovery = await discoverServices({ repoRoot: settings.repo, repoFiles, teams: settings.teams, settings: settings.discovery, readFile: readFileSafely, git: options.git ?? runGit, log, now });
	log.info(`Discovered ${discovery.services.length} services (${discovery.services.filter((service) => !service.registered).length} unregistered)`);

	const collected = await runCollectors(settings, options, { repoFiles: discovery.files, services: discovery.services, serviceFiles: discovery.serviceFiles });
	const problems = [...discovery.problems.map((problem) => ({ ...problem, collector: DISCOVERY_ID })), ...collected.problems];
	const grouping = assembleSystems({ services: discovery.services, declared: discovery.groupings, configured: { systems: settings.systems, domains: settings.domains } });
	problems.push(...grouping.problems.map((problem) => ({ ...problem, collector: DISCOVERY_ID })));
	const { byService, repositoryErrors } = attributeProblems(discovery.services, problems);
	const repository = settings.fragment?.kind === 'repository' ? settings.fragment.repository : undefined;
	const services = discovery.services.map(({ descriptor: _descriptor, foundBy, languages: _languages, repository: _repository, ...service }) =>
		Service.parse({
			$schema: '../schema/json/service.schema.json',
			...service,
			declaredIn: service.registered && foundBy[0]?.file !== undefined ? { file: foundBy[0].file, line: foundBy[0].line ?? null } : null,
			...grouping.membership.get(service.id),
			repository,
			facts: collected.facts.get(service.id),
			evidence: collected.evidence.get(service.id),
			errors: byService.get(service.id) ?? [],
		}),
	);
	const teams = buildTeams(settings, discovery.teams, discovery.services, discovery.teamHandles);
	const written = await writeCatalog(settings, { services, teams, systems: grouping.systems, domains: grouping.domains }, collected.meta, buildDiscoveryReport(discovery, repositoryErrors, collected.orphans, services, collected.collectors), activityFactsOf(collected.collectors));
	return summarise(services, teams.length, repositoryErrors.length, written, collected.meta);
}

/**
 * An inventory fragment (`collect --fragment --inventory DIR --services-from CATALOG`): the
 * inventory collectors matched against the services of an existing catalog, so that a
 * many-repository organisation reads its Terraform state and cloud exports once, in a job of their
 * own, and merges the facts like any fragment.
 */
async function runInventoryCollection(settings: CollectionSettings, servicesFrom: string, options: CollectOptions): Promise<CollectSummary> {
	const { now, log } = options;
	if (settings.inventory === null) throw new CollectionRefused('an inventory fragment needs the inventory: pass --inventory DIR (or set `inventory:`). The catalog was not touched.');
	await assertReadableDirectory(settings.inventory, settings.origins.inventory, 'the directory of inventory exports');
	const known = await readCatalogServices(servicesFrom);
	if (known.length === 0) throw new CollectionRefused(`${servicesFrom} (--services-from) holds no service records to match the inventory to; merge the repositories' fragments first. The catalog was not touched.`);
	await settleInterruptedCollection(settings.catalog, log);
	const discovered: DiscoveredService[] = known.map((service) => ({ ...service, changes: service.changes ?? null, system: service.system ?? null, domain: service.domain ?? null, repository: service.repository ?? null, languages: [], descriptor: { format: null, runbookUrl: null, storesPii: null, alertSources: [] }, foundBy: [] }));
	const inventoryCollectors = (options.collectors ?? COLLECTORS).filter((collector) => collector.readsInventory === true);
	log.info(`Matching the inventory in ${settings.inventory} to the ${known.length} services of ${servicesFrom}`);
	const collected = await runCollectors(settings, { ...options, collectors: inventoryCollectors }, { repoFiles: [], services: discovered, serviceFiles: new Map() });
	const { byService, repositoryErrors } = attributeProblems(discovered, collected.problems);
	const services = known.map((service) =>
		Service.parse({ ...service, facts: collected.facts.get(service.id), evidence: collected.evidence.get(service.id), errors: byService.get(service.id) ?? [] }),
	);
	const discovery = DiscoveryReport.parse({
		$schema: './schema/json/discovery.schema.json',
		...EMPTY_DISCOVERY,
		ownerSuggestions: { status: 'skipped', detail: 'an inventory fragment reads no git history' },
		orphanedResources: sortedOrphans(collected.orphans),
		withoutRuntime: services.filter((record) => hasRuntimeFootprint(record, collected.collectors) === false).map((record) => record.id),
		errors: repositoryErrors,
	});
	const written = await writeCatalog(settings, { services, teams: [], systems: [], domains: [] }, collected.meta, discovery, activityFactsOf(collected.collectors));
	return summarise(services, 0, repositoryErrors.length, written, collected.meta);
}

const EMPTY_DISCOVERY = { unregistered: [], unowned: [], ownershipConflicts: [], nearDuplicates: [], unlinkedDeployments: [], orphanedResources: [], withoutRuntime: [], candidates: [], idClashes: [], errors: [] };

async function settleInterruptedCollection(catalog: string, log: Logger): Promise<void> {
	// What an interrupted earlier run left is settled before the previous catalog is read.
	const recovered = await recoverCatalog(catalog);
	if (recovered === 'completed') log.warn(`an interrupted collection had committed its catalog in ${catalog}; its last moves were completed`);
}

function summarise(services: readonly Service[], teamCount: number, repositoryErrorCount: number, written: { changed: boolean; removedServices: string[] }, meta: CatalogMeta): CollectSummary {
	return {
		serviceCount: services.length,
		removedServices: written.removedServices,
		changed: written.changed,
		teamCount,
		inputErrorCount: services.reduce((sum, service) => sum + service.errors.length, 0) + repositoryErrorCount,
		failedCollectors: meta.collectors.filter((status) => status.status === 'failed').map((status) => status.id),
		skippedCollectors: meta.collectors.filter((status) => status.status === 'skipped').map((status) => ({ id: status.id, reason: status.reason ?? '' })),
	};
}

interface CollectedFacts {
	facts: Map<string, Record<string, unknown>>;
	evidence: Map<string, Record<string, Evidence[]>>;
	problems: AttributedProblem[];
	orphans: OrphanResource[];
	collectors: readonly Collector[];
	/** meta.json of this collection: its time and every collector's status. */
	meta: CatalogMeta;
}

/**
 * Every collector, one by one, on the discovered services: output validated against its fact
 * schema, a failure isolated (its previous facts kept), unread inventory files named.
 */
async function runCollectors(
	settings: CollectionSettings,
	{ log, now, only, env = {}, git = runGit, collectors = COLLECTORS }: CollectOptions,
	found: { repoFiles: readonly string[]; services: readonly DiscoveredService[]; serviceFiles: ReadonlyMap<string, readonly string[]> },
): Promise<CollectedFacts> {
	// Previous facts are only needed when a collector fails or is not selected; read them at most once.
	let previous: Promise<Map<string, Record<string, unknown>>> | undefined;
	const previousFacts = () => (previous ??= readPreviousFacts(settings.catalog, settings.activityDirectory ?? path.join(settings.catalog, 'activity')));
	const context: Omit<CollectorContext, 'env' | 'programs'> = {
		repoRoot: settings.repo,
		inventoryRoot: settings.inventory,
		repoFiles: found.repoFiles,
		services: found.services,
		serviceKeys: settings.serviceKeys,
		configDirectory: settings.configDirectory,
		cacheDirectory: settings.cacheDirectory,
		offline: settings.offline,
		serviceFiles: found.serviceFiles,
		readFile: readFileSafely,
		glob: (root, patterns) => listFiles(root, patterns, ['**/node_modules/**', '**/.git/**']),
		git,
		octokit: createGitHubClient,
		log,
		now,
	};
	const settingsByCollector = collectorSettings(collectors, settings.collectorSettings);
	const runProgram = createProgramRunner(env);
	const contextOf = (collector: Collector): CollectorContext => ({ ...context, env: Object.fromEntries((collector.env ?? []).map((name) => [name, env[name]])), programs: declaredPrograms(collector, env, runProgram) });

	const facts = new Map<string, Record<string, unknown>>(found.services.map((service) => [service.id, {}]));
	const evidence = new Map<string, Record<string, Evidence[]>>(found.services.map((service) => [service.id, {}]));
	const problems: AttributedProblem[] = [];
	const statuses: CatalogMeta['collectors'] = [];
	const orphans: OrphanResource[] = [];
	const recognised = new Set<string>();

	for (const [index, collector] of collectors.entries()) {
		log.progress('Collecting', index, collectors.length);
		const keepPrevious = async () => {
			const kept = await previousFacts();
			for (const [serviceId, namespaces] of facts) {
				const value = kept.get(serviceId)?.[collector.id];
				if (value !== undefined) namespaces[collector.id] = value;
			}
		};
		if (only !== undefined && !only.includes(collector.id)) {
			await keepPrevious();
			statuses.push({ id: collector.id, version: collector.version, source: collector.source, howToEnable: collector.howToEnable, status: 'skipped', reason: 'not selected with --only; previous facts kept' });
			continue;
		}
		const skipReason = collector.skipReason?.(contextOf(collector)) ?? null;
		if (skipReason !== null) {
			log.info(`${collector.id}: skipped, ${skipReason}`);
			statuses.push({ id: collector.id, version: collector.version, source: collector.source, howToEnable: collector.howToEnable, status: 'skipped', reason: skipReason });
			continue;
		}
		try {
			const output = await collector.collect(contextOf(collector), settingsByCollector.get(collector.id));
			const validated = validateOutput(collector, output.facts);
			for (const [serviceId, value] of validated) facts.get(serviceId)![collector.id] = value;
			for (const [serviceId, byFact] of output.evidence ?? []) {
				const target = evidence.get(serviceId);
				if (target === undefined) continue;
				for (const [fact, entries] of Object.entries(byFact)) if (entries.length > 0) target[`${collector.id}.${fact}`] = entries;
			}
			for (const problem of output.problems) problems.push({ ...problem, collector: collector.id });
			orphans.push(...(output.orphans ?? []));
			for (const file of output.recognised ?? []) recognised.add(file);
			statuses.push({ id: collector.id, version: collector.version, source: collector.source, howToEnable: collector.howToEnable, status: 'ok', reason: null });
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			log.warn(`${collector.id}: failed, previous facts kept (${reason})`);
			await keepPrevious();
			statuses.push({ id: collector.id, version: collector.version, source: collector.source, howToEnable: collector.howToEnable, status: 'failed', reason });
		}
	}
	log.progress('Collecting', collectors.length, collectors.length);
	const inventoryReaders = new Set(collectors.filter((collector) => collector.readsInventory === true).map((collector) => collector.id));
	const allInventoryCollectorsRan = statuses.every((status) => status.status === 'ok' || !inventoryReaders.has(status.id));
	if (settings.inventory !== null && allInventoryCollectorsRan) {
		const reported = new Set(problems.map((problem) => problem.file));
		problems.push(...(await unreadInventoryFiles(settings.inventory, recognised, reported)));
	}
	return { facts, evidence, problems, orphans, collectors, meta: CatalogMeta.parse({ $schema: './schema/json/meta.schema.json', collectedAt: now.toISOString(), collectors: statuses }) };
}

const INVENTORY_EXPORTS = ['**/*.json', '**/*.yaml', '**/*.yml', '**/*.tfstate', '**/*.tfstate.backup'];

/**
 * Inventory files that no collector recognised and none reported: named with the likely reason
 * (an error message saved in place of a dump is the usual one), never dropped silently.
 */
async function unreadInventoryFiles(inventory: string, recognised: ReadonlySet<string>, reported: ReadonlySet<string>): Promise<AttributedProblem[]> {
	const problems: AttributedProblem[] = [];
	// The same listing the inventory collectors get (globby, vendored trees skipped).
	for (const file of await listFiles(inventory, INVENTORY_EXPORTS)) {
		const label = `inventory/${file}`;
		if (recognised.has(label) || reported.has(label)) continue;
		problems.push({ collector: DISCOVERY_ID, serviceId: null, file: label, message: await whyUnread(inventory, file) });
	}
	return problems;
}

async function whyUnread(root: string, file: string): Promise<string> {
	let text: string;
	try {
		text = await readFileSafely(root, file, INVENTORY_MAX_BYTES);
	} catch (error) {
		return (error as Error).message;
	}
	if (text.trim() === '') return 'the file is empty; re-export it (a failed export command?).';
	const first = text.trimStart()[0];
	if (/\.json$|\.tfstate$/i.test(file) && first !== '{' && first !== '[') {
		return `not JSON: it starts with "${redactedStart(text)}" (an error message saved in place of the export?); re-export it, e.g. \`kubectl get deploy,sts,svc,ing,pdb,hpa -A -o json\`.`;
	}
	return 'not a format Shipshape reads (Terraform state, a kubectl dump or manifest, an AWS tagging or Config export), so nothing was taken from it; fix it or move it out of the inventory directory.';
}

/** The first words of a file for a message: one line, short, and never a long token that could be a secret. */
function redactedStart(text: string): string {
	return text.trimStart().split(/\r?\n/)[0]!.slice(0, 60).replace(/[A-Za-z0-9+/=_-]{24,}/g, '…');
}

/**
 * Each collector's settings from `collectors.<id>:`, parsed with its own schema (defaults when the
 * section is absent). A section for no collector, or one its schema rejects, refuses the run with
 * every problem named.
 */
function collectorSettings(collectors: readonly Collector[], sections: Readonly<Record<string, unknown>>): Map<string, unknown> {
	const problems: string[] = [];
	const byId = new Map(collectors.map((collector) => [collector.id, collector]));
	for (const id of Object.keys(sections)) {
		const collector = byId.get(id);
		if (collector === undefined) problems.push(`collectors.${id}: no collector has this id; use one of ${[...byId.keys()].join(', ')}.`);
		else if (collector.settings === undefined) problems.push(`collectors.${id}: the ${id} collector takes no settings here.`);
	}
	const parsed = new Map<string, unknown>();
	for (const collector of collectors) {
		if (collector.settings === undefined) continue;
		const result = collector.settings.safeParse(sections[collector.id] ?? {});
		if (result.success) parsed.set(collector.id, result.data);
		else for (const issue of result.error.issues) problems.push(`collectors.${collector.id}${issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : ''}: ${issue.message}.`);
	}
	if (problems.length > 0) throw new CollectionRefused(`configuration: ${problems.join(' ')} Nothing was collected.`);
	return parsed;
}

/** Collector output is ours: a shape that does not fit the fact schema is a bug, so the collector fails. */
function validateOutput(collector: Collector, output: Map<string, unknown>): Map<string, unknown> {
	const validated = new Map<string, unknown>();
	for (const [serviceId, value] of output) {
		const result = collector.facts.safeParse(value);
		if (!result.success) throw new Error(`facts for ${serviceId} do not fit the ${collector.id} schema: ${z.prettifyError(result.error)}`);
		validated.set(serviceId, result.data);
	}
	return validated;
}

/** Problems go to the service that names them, else to the service whose root holds the file, else to the repository. */
type AttributedProblem = CollectorProblem & { collector: string };

function attributeProblems(services: readonly DiscoveredService[], problems: readonly AttributedProblem[]) {
	const byService = new Map<string, InputError[]>();
	const repositoryErrors: InputError[] = [];
	const roots = services.flatMap((service) => (service.path === null || service.path === '.' ? [] : [{ id: service.id, path: service.path }])).sort((a, b) => b.path.length - a.path.length);
	for (const problem of problems) {
		const entry: InputError = { collector: problem.collector, file: problem.file, message: problem.message };
		const serviceId = problem.serviceId ?? roots.find((service) => isWithin(problem.file, service.path))?.id ?? null;
		if (serviceId === null) repositoryErrors.push(entry);
		else byService.set(serviceId, [...(byService.get(serviceId) ?? []), entry]);
	}
	const order = (a: InputError, b: InputError) => (a.file + a.message < b.file + b.message ? -1 : 1);
	for (const list of byService.values()) list.sort(order);
	repositoryErrors.sort(order);
	return { byService, repositoryErrors };
}

function buildTeams(settings: CollectionSettings, declared: readonly { id: string; name: string; description: string | null; members: string[]; parent?: string | null }[], services: readonly DiscoveredService[], handles: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Team[] {
	const teams = new Map<string, Team>();
	for (const team of settings.teams) {
		teams.set(team.id, { id: team.id, name: team.name ?? team.id, description: team.description ?? null, members: [...(team.members ?? [])].sort(), aliases: [...(team.aliases ?? [])].sort(), services: [] });
	}
	for (const team of declared) {
		const existing = teams.get(team.id);
		if (existing === undefined) teams.set(team.id, { id: team.id, name: team.name, description: team.description, members: team.members, aliases: [], services: [], ...(team.parent ? { parent: team.parent } : {}) });
		else if (team.parent) existing.parent = team.parent;
	}
	// Owners that are plain ids (not @handles or e-mails) are teams even when nobody described them.
	for (const service of services) {
		if (service.owner !== null && toId(service.owner) === service.owner && !teams.has(service.owner)) {
			teams.set(service.owner, { id: service.owner, name: service.owner, description: null, members: [], aliases: [], services: [] });
		}
	}
	// The handles that meant each team (CODEOWNERS `@acme/payments`) are its aliases.
	for (const [id, names] of handles) {
		const team = teams.get(id);
		if (team !== undefined) team.aliases = [...new Set([...team.aliases, ...names])].sort();
	}
	for (const service of services) {
		const team = service.owner === null ? undefined : teams.get(service.owner);
		team?.services.push(service.id);
	}
	return [...teams.values()].map((team) => Team.parse({ $schema: '../schema/json/team.schema.json', ...team, services: team.services.sort() })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Whether a service runs somewhere, asked of the collectors that can tell (their `runtimeFootprint`
 * hook): null when none of them has facts for it.
 */
function hasRuntimeFootprint(service: Service, collectors: readonly Collector[]): boolean | null {
	let known = false;
	for (const collector of collectors) {
		const facts = (service.facts as Record<string, unknown>)[collector.id];
		if (collector.runtimeFootprint === undefined || facts === undefined) continue;
		known = true;
		if (collector.runtimeFootprint(facts)) return true;
	}
	return known ? false : null;
}

function sortedOrphans(orphans: readonly OrphanResource[]): OrphanResource[] {
	return [...orphans].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}

function buildDiscoveryReport({ services, results }: DiscoveryResult, errors: readonly InputError[], orphans: readonly OrphanResource[], records: readonly Service[], collectors: readonly Collector[]): DiscoveryReport {
	return DiscoveryReport.parse({
		$schema: './schema/json/discovery.schema.json',
		unregistered: services.filter((service) => !service.registered).map((service) => ({ id: service.id, path: service.path, evidence: service.foundBy })),
		unowned: services.filter((service) => service.owner === null).map((service) => service.id),
		ownershipConflicts: results.ownershipConflicts,
		nearDuplicates: results.nearDuplicates.map(({ names, owners, distance }) => ({ names, owners, distance })),
		unlinkedDeployments: results.unlinkedDeployments,
		ownerSuggestions: results.history,
		orphanedResources: sortedOrphans(orphans),
		withoutRuntime: records.filter((record) => hasRuntimeFootprint(record, collectors) === false).map((record) => record.id),
		candidates: results.candidates,
		idClashes: results.idClashes,
		errors,
	});
}

function activityFactsOf(collectors: readonly Collector[]): ActivityFacts {
	return new Map(collectors.flatMap((collector) => (collector.activityFacts === undefined ? [] : [[collector.id, collector.activityFacts] as const])));
}

/** The service records of a catalog, for an inventory fragment; a record that does not parse refuses the run. */
async function readCatalogServices(catalog: string): Promise<Service[]> {
	const { records, problems } = await readRecordFiles(path.join(catalog, 'services'), Service);
	if (problems.length > 0) throw new CollectionRefused(`the catalog to match the inventory to has unreadable records: ${problems.map((problem) => `${problem.file}: ${problem.reason}`).join('; ')}. Nothing was collected.`);
	return records;
}

async function readPreviousFacts(catalog: string, activityDirectory: string): Promise<Map<string, Record<string, unknown>>> {
	const previous = new Map<string, Record<string, unknown>>();
	const directory = path.join(catalog, 'services');
	const files = await readdir(directory).catch(() => [] as string[]);
	for (const file of files.filter((name) => name.endsWith('.json'))) {
		try {
			const record = JSON.parse(await readFile(path.join(directory, file), 'utf8')) as { id?: unknown; facts?: unknown };
			const activity = ActivityRecord.safeParse(JSON.parse(await readFile(path.join(activityDirectory, file), 'utf8').catch(() => 'null')));
			// A record's activity facts live apart; kept facts are the two joined.
			if (activity.success) record.facts = joinActivityFacts(record.facts, activity.data);
			const parsed = Facts.safeParse(record.facts);
			if (typeof record.id === 'string' && parsed.success) previous.set(record.id, parsed.data as Record<string, unknown>);
		} catch {
			// An unreadable previous record just has nothing to keep.
		}
	}
	return previous;
}

/**
 * Writes the catalog as one transaction (see catalog-transaction.ts). Refuses a suspicious shrink
 * before writing anything, and keeps meta.json (its collection time) unless something else changed,
 * so that collecting an unchanged organisation leaves every file byte-identical.
 */
interface CatalogRecords {
	services: readonly Service[];
	teams: readonly Team[];
	systems: readonly System[];
	domains: readonly Domain[];
}

async function writeCatalog(settings: CollectionSettings, records: CatalogRecords, meta: CatalogMeta, discovery: DiscoveryReport, activityFacts: ActivityFacts): Promise<{ changed: boolean; removedServices: string[] }> {
	const catalog = settings.catalog;
	const files = new Map<string, string>();
	// Activity goes apart from the records (catalog/activity/, or the cache with activity.commit: false).
	const activity = new Map<string, string>();
	for (const service of records.services) {
		const split = splitActivity(service, activityFacts);
		files.set(`services/${service.id}.json`, stableStringify(split.record));
		if (split.activity !== null) activity.set(`${service.id}.json`, stableStringify(split.activity));
	}
	const activityDirectory = settings.activityDirectory ?? null;
	if (activityDirectory === null) for (const [name, content] of activity) files.set(`activity/${name}`, content);
	for (const directory of ['teams', 'systems', 'domains'] as const) {
		for (const record of records[directory]) files.set(`${directory}/${record.id}.json`, stableStringify(record));
	}
	files.set('discovery.json', stableStringify(discovery));
	const previousServices = await recordIds(path.join(catalog, 'services'));
	const kept = new Set(records.services.map((service) => service.id));
	const removedServices = previousServices.filter((id) => !kept.has(id));
	refuseSuspiciousShrink(settings, previousServices.length, removedServices);
	const remove = removedServices.map((id) => `services/${id}.json`);
	for (const directory of ['teams', 'systems', 'domains'] as const) {
		const keptIds = new Set(records[directory].map((record) => record.id));
		for (const id of await recordIds(path.join(catalog, directory))) if (!keptIds.has(id)) remove.push(`${directory}/${id}.json`);
	}
	// Activity records of services that are gone, or that now keep their activity elsewhere.
	for (const id of await recordIds(path.join(catalog, 'activity'))) if (!files.has(`activity/${id}.json`)) remove.push(`activity/${id}.json`);
	if (activityDirectory !== null) {
		const stale = (await recordIds(activityDirectory)).filter((id) => !activity.has(`${id}.json`)).map((id) => `${id}.json`);
		await commitCatalog(activityDirectory, { files: activity, remove: stale });
	}

	// Compared once here; only what differs goes to the transaction, so an unchanged file is read once, not twice.
	const writes = await changedFiles(catalog, files);
	const metaChanged = remove.length > 0 || writes.length > 0 || !(await sameCollectors(catalog, meta));
	const changedContent = new Map(writes.map((relative) => [relative, files.get(relative)!]));
	if (metaChanged) changedContent.set('meta.json', stableStringify(meta));
	if (settings.fragment != null) {
		// The manifest names every file with its hash (meta.json as it will be), so that a partial or
		// altered upload of the fragment is rejected by `merge`; a new commit alone changes only it.
		const metaText = metaChanged ? stableStringify(meta) : await readFile(path.join(catalog, 'meta.json'), 'utf8');
		files.set('meta.json', metaText);
		const manifest = stableStringify(fragmentManifest(settings.fragment, metaChanged ? meta : CatalogMeta.parse(JSON.parse(metaText)), files));
		if ((await changedFiles(catalog, new Map([[FRAGMENT_MANIFEST, manifest]]))).length > 0) changedContent.set(FRAGMENT_MANIFEST, manifest);
	}
	if (changedContent.size === 0 && remove.length === 0) return { changed: false, removedServices };
	await commitCatalog(catalog, { files: changedContent, remove });
	return { changed: true, removedServices };
}

function fragmentManifest(origin: FragmentOrigin, meta: CatalogMeta, files: ReadonlyMap<string, string>): FragmentManifest {
	return FragmentManifest.parse({
		...origin,
		collectedAt: meta.collectedAt,
		collectors: meta.collectors,
		files: Object.fromEntries([...files.keys()].sort().map((relative) => [relative, createHash('sha256').update(files.get(relative)!).digest('hex')])),
	});
}

/** Ids of the `<id>.json` records in a catalog directory (none when it does not exist yet). */
async function recordIds(directory: string): Promise<string[]> {
	const names = await readdir(directory).catch(() => [] as string[]);
	return names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
}

/** True when meta.json already records the same collector versions and statuses (only the time would change). */
async function sameCollectors(catalog: string, meta: CatalogMeta): Promise<boolean> {
	try {
		const current = CatalogMeta.safeParse(JSON.parse(await readFile(path.join(catalog, 'meta.json'), 'utf8')));
		return current.success && stableStringify(current.data.collectors) === stableStringify(meta.collectors);
	} catch {
		return false;
	}
}

function refuseSuspiciousShrink(settings: CollectionSettings, previousCount: number, removed: readonly string[]): void {
	if (settings.collect.allowShrink) return;
	const refusal = shrinkRefusal(previousCount, removed, settings.collect.shrinkLimit);
	if (refusal !== null) {
		throw new CollectionRefused(`${refusal} Nothing was written. Check --repo and the checkout; if the removal is intended, run again with --allow-shrink (or set collect.allowShrink: true).`);
	}
}

/** A monorepo or inventory directory that does not exist, is a file or cannot be read is refused up front. */
async function assertReadableDirectory(directory: string, origin: string, what: string): Promise<void> {
	const refuse = (problem: string, hint: string) => {
		throw new CollectionRefused(`${directory} (${origin}, ${what}) ${problem}; ${hint}. The catalog was not touched.`);
	};
	let info;
	try {
		info = await stat(directory);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') refuse('does not exist', 'check the path (a mistyped path or a failed checkout?)');
		refuse(`cannot be read (${code ?? String(error)})`, 'check its permissions');
	}
	if (!info!.isDirectory()) refuse('is a file, not a directory', 'point it at the directory that holds it');
	try {
		await readdir(directory);
	} catch (error) {
		refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'check its permissions');
	}
}

/** The programs a collector declared, found on PATH; any other is refused before it could start. */
function declaredPrograms(collector: Collector, env: Readonly<Record<string, string | undefined>>, run: ProgramRunner): CollectorContext['programs'] {
	const declared = new Set(collector.programs ?? []);
	const found = new Map<string, string | null>();
	const locate = (program: string) => {
		if (!declared.has(program)) return null;
		if (!found.has(program)) found.set(program, findProgram(program, env.PATH));
		return found.get(program)!;
	};
	return {
		available: (program) => locate(program) !== null,
		run: async (program, args, options) => {
			const located = locate(program);
			if (located === null) throw new Error(declared.has(program) ? `${program} is not on PATH` : `collector ${collector.id} did not declare the program ${program} (meta \`programs\`)`);
			return run(located, args, options);
		},
	};
}

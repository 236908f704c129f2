// The collection runner: discovery, then every collector one by one. It owns policy: validates each
// collector's output against its fact schema, isolates failures (the previous facts are kept), turns
// unreadable inputs into `errors` entries, and writes the catalog deterministically.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Evidence, InputError } from '../catalog/schema/common.ts';
import { Facts } from '../catalog/schema/facts.ts';
import { CatalogMeta } from '../catalog/schema/meta.ts';
import { Service } from '../catalog/schema/service.ts';
import { Team } from '../catalog/schema/team.ts';
import type { Settings } from '../src/lib/config/load.ts';
import { stableStringify } from '../src/lib/files/stable-json.ts';
import { DiscoveryReport } from '../catalog/schema/discovery.ts';
import { discoverServices, DISCOVERY_ID, isWithin, type DiscoveryResult } from './discovery/index.ts';
import { COLLECTORS } from './index.ts';
import { listFiles, mapLimited, READ_CONCURRENCY, readFileSafely } from './lib/files.ts';
import { toId } from './lib/names.ts';
import type { Collector, CollectorContext, CollectorProblem, DiscoveredService, Logger, OrphanResource } from './types.ts';

export interface CollectOptions {
	now: Date;
	log: Logger;
	/** Run only these collectors; the others keep their previous facts. */
	only?: readonly string[];
}

export interface CollectSummary {
	serviceCount: number;
	teamCount: number;
	inputErrorCount: number;
	failedCollectors: string[];
	skippedCollectors: { id: string; reason: string }[];
}

export async function runCollection(settings: Settings, { now, log, only }: CollectOptions): Promise<CollectSummary> {
	log.info(`Listing files in ${settings.repo}`);
	const repoFiles = await listFiles(settings.repo);
	log.info(`Found ${repoFiles.length} files; discovering services`);
	const discovery = await discoverServices({ repoRoot: settings.repo, repoFiles, teams: settings.teams, settings: settings.discovery, readFile: readFileSafely, log, now });
	log.info(`Discovered ${discovery.services.length} services (${discovery.services.filter((service) => !service.registered).length} unregistered)`);

	// Previous facts are only needed when a collector fails or is not selected; read them at most once.
	let previous: Promise<Map<string, Record<string, unknown>>> | undefined;
	const previousFacts = () => (previous ??= readPreviousFacts(settings.catalog));
	const context: CollectorContext = {
		repoRoot: settings.repo,
		inventoryRoot: settings.inventory,
		repoFiles: discovery.files,
		services: discovery.services,
		serviceKeys: settings.serviceKeys,
		github: { ...settings.github, token: process.env.GITHUB_TOKEN?.trim() || null },
		serviceFiles: discovery.serviceFiles,
		readFile: readFileSafely,
		glob: (root, patterns) => listFiles(root, patterns, ['**/node_modules/**', '**/.git/**']),
		log,
		now,
	};

	const facts = new Map<string, Record<string, unknown>>(discovery.services.map((service) => [service.id, {}]));
	const evidence = new Map<string, Record<string, Evidence[]>>(discovery.services.map((service) => [service.id, {}]));
	const problems: AttributedProblem[] = discovery.problems.map((problem) => ({ ...problem, collector: DISCOVERY_ID }));
	const statuses: CatalogMeta['collectors'] = [];
	const orphans: OrphanResource[] = [];

	for (const [index, collector] of COLLECTORS.entries()) {
		log.progress('Collecting', index, COLLECTORS.length);
		const keepPrevious = async () => {
			const kept = await previousFacts();
			for (const [serviceId, namespaces] of facts) {
				const value = kept.get(serviceId)?.[collector.id];
				if (value !== undefined) namespaces[collector.id] = value;
			}
		};
		if (only !== undefined && !only.includes(collector.id)) {
			await keepPrevious();
			statuses.push({ id: collector.id, version: collector.version, status: 'skipped', reason: 'not selected with --only; previous facts kept' });
			continue;
		}
		const skipReason = collector.skipReason?.(context) ?? null;
		if (skipReason !== null) {
			log.info(`${collector.id}: skipped, ${skipReason}`);
			statuses.push({ id: collector.id, version: collector.version, status: 'skipped', reason: skipReason });
			continue;
		}
		try {
			const output = await collector.collect(context);
			const validated = validateOutput(collector, output.facts);
			for (const [serviceId, value] of validated) facts.get(serviceId)![collector.id] = value;
			for (const [serviceId, byFact] of output.evidence ?? []) {
				const target = evidence.get(serviceId);
				if (target === undefined) continue;
				for (const [fact, entries] of Object.entries(byFact)) if (entries.length > 0) target[`${collector.id}.${fact}`] = entries;
			}
			for (const problem of output.problems) problems.push({ ...problem, collector: collector.id });
			orphans.push(...(output.orphans ?? []));
			statuses.push({ id: collector.id, version: collector.version, status: 'ok', reason: null });
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			log.warn(`${collector.id}: failed, previous facts kept (${reason})`);
			await keepPrevious();
			statuses.push({ id: collector.id, version: collector.version, status: 'failed', reason });
		}
	}
	log.progress('Collecting', COLLECTORS.length, COLLECTORS.length);

	const { byService, repositoryErrors } = attributeProblems(discovery.services, problems);
	const services = discovery.services.map(({ descriptor: _descriptor, foundBy: _foundBy, languages: _languages, repository: _repository, ...service }) =>
		Service.parse({
			$schema: '../schema/json/service.schema.json',
			...service,
			facts: facts.get(service.id),
			evidence: evidence.get(service.id),
			errors: byService.get(service.id) ?? [],
		}),
	);
	const teams = buildTeams(settings, discovery.teams, discovery.services);
	const meta = CatalogMeta.parse({ $schema: './schema/json/meta.schema.json', collectedAt: now.toISOString(), collectors: statuses });
	await writeCatalog(settings.catalog, services, teams, meta, buildDiscoveryReport(discovery, repositoryErrors, orphans, services));

	const inputErrorCount = services.reduce((sum, service) => sum + service.errors.length, 0) + repositoryErrors.length;
	return {
		serviceCount: services.length,
		teamCount: teams.length,
		inputErrorCount,
		failedCollectors: statuses.filter((status) => status.status === 'failed').map((status) => status.id),
		skippedCollectors: statuses.filter((status) => status.status === 'skipped').map((status) => ({ id: status.id, reason: status.reason ?? '' })),
	};
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
	const roots = [...services].filter((service) => service.path !== '.').sort((a, b) => b.path.length - a.path.length);
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

function buildTeams(settings: Settings, declared: readonly { id: string; name: string; description: string | null; members: string[] }[], services: readonly DiscoveredService[]): Team[] {
	const teams = new Map<string, Team>();
	for (const team of settings.teams) {
		teams.set(team.id, { id: team.id, name: team.name ?? team.id, description: team.description ?? null, members: [...(team.members ?? [])].sort(), aliases: [...(team.aliases ?? [])].sort(), services: [] });
	}
	for (const team of declared) {
		if (!teams.has(team.id)) teams.set(team.id, { id: team.id, name: team.name, description: team.description, members: team.members, aliases: [], services: [] });
	}
	// Owners that are plain ids (not @handles or e-mails) are teams even when nobody described them.
	for (const service of services) {
		if (service.owner !== null && toId(service.owner) === service.owner && !teams.has(service.owner)) {
			teams.set(service.owner, { id: service.owner, name: service.owner, description: null, members: [], aliases: [], services: [] });
		}
	}
	for (const service of services) {
		const team = service.owner === null ? undefined : teams.get(service.owner);
		team?.services.push(service.id);
	}
	return [...teams.values()].map((team) => Team.parse({ $schema: '../schema/json/team.schema.json', ...team, services: team.services.sort() })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Namespaces whose facts show a service running somewhere. */
function hasRuntimeFootprint(service: Service): boolean | null {
	const k8s = service.facts['k8s-manifests'];
	const terraform = service.facts['terraform-state'];
	const aws = service.facts['aws-inventory'];
	if (k8s === undefined && terraform === undefined && aws === undefined) return null;
	return (k8s?.workloads.length ?? 0) > 0 || (terraform?.placements.length ?? 0) > 0 || (terraform?.datastores.length ?? 0) > 0 || (aws?.resourceCount ?? 0) > 0;
}

function buildDiscoveryReport({ services, findings }: DiscoveryResult, errors: readonly InputError[], orphans: readonly OrphanResource[], records: readonly Service[]): DiscoveryReport {
	return DiscoveryReport.parse({
		$schema: './schema/json/discovery.schema.json',
		unregistered: services.filter((service) => !service.registered).map((service) => ({ id: service.id, path: service.path, evidence: service.foundBy })),
		unowned: services.filter((service) => service.owner === null).map((service) => service.id),
		ownershipConflicts: findings.ownershipConflicts,
		nearDuplicates: findings.nearDuplicates.map(({ names, owners, distance }) => ({ names, owners, distance })),
		unlinkedDeployments: findings.unlinkedDeployments,
		ownerSuggestions: findings.history,
		orphanedResources: [...orphans].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)),
		withoutRuntime: records.filter((record) => hasRuntimeFootprint(record) === false).map((record) => record.id),
		errors,
	});
}

async function readPreviousFacts(catalog: string): Promise<Map<string, Record<string, unknown>>> {
	const previous = new Map<string, Record<string, unknown>>();
	const directory = path.join(catalog, 'services');
	const files = await readdir(directory).catch(() => [] as string[]);
	for (const file of files.filter((name) => name.endsWith('.json'))) {
		try {
			const record = JSON.parse(await readFile(path.join(directory, file), 'utf8')) as { id?: unknown; facts?: unknown };
			const parsed = Facts.safeParse(record.facts);
			if (typeof record.id === 'string' && parsed.success) previous.set(record.id, parsed.data as Record<string, unknown>);
		} catch {
			// An unreadable previous record just has nothing to keep.
		}
	}
	return previous;
}

async function writeCatalog(catalog: string, services: readonly Service[], teams: readonly Team[], meta: CatalogMeta, discovery: DiscoveryReport): Promise<void> {
	await writeRecords(path.join(catalog, 'services'), services);
	await writeRecords(path.join(catalog, 'teams'), teams);
	await writeFile(path.join(catalog, 'meta.json'), stableStringify(meta));
	await writeFile(path.join(catalog, 'discovery.json'), stableStringify(discovery));
}

/** Writes `<id>.json` per record and removes records that no longer exist. */
async function writeRecords(directory: string, records: readonly { id: string }[]): Promise<void> {
	await mkdir(directory, { recursive: true });
	const wanted = new Set(records.map((record) => `${record.id}.json`));
	for (const file of await readdir(directory)) {
		if (file.endsWith('.json') && !wanted.has(file)) await rm(path.join(directory, file));
	}
	await mapLimited(records, READ_CONCURRENCY, async (record) => {
		const file = path.join(directory, `${record.id}.json`);
		const content = stableStringify(record);
		// Unchanged files are left alone so that their modification times (and editors) are undisturbed.
		const current = await readFile(file, 'utf8').catch(() => null);
		if (current !== content) await writeFile(file, content);
	});
}

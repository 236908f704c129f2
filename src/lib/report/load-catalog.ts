// Reads a catalog directory and validates every record, failing with one CatalogError that lists
// every problem (file plus what is wrong) rather than the first.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DiscoveryReport } from '../../../catalog/schema/discovery.ts';
import { CatalogMeta } from '../../../catalog/schema/meta.ts';
import { ActivityRecord } from '../../../catalog/schema/activity.ts';
import { Facts } from '../../../catalog/schema/facts.ts';
import { joinActivity } from '../../../catalog/format/activity.ts';
import { RepositorySource } from '../../../catalog/schema/fragment.ts';
import { Service } from '../../../catalog/schema/service.ts';
import { Team } from '../../../catalog/schema/team.ts';
import { Domain, System } from '../../../catalog/schema/system.ts';
import { compareIds } from '../scoring/score.ts';
import { mapLimited } from '../../../catalog/io/map-limited.ts';
import { recoverCatalog, TRANSACTION_DIRECTORY } from '../../../catalog/io/catalog-transaction.ts';

export class CatalogError extends Error {
	readonly problems: string[];
	constructor(directory: string, problems: string[]) {
		super(`The catalog in ${directory} has ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
		this.name = 'CatalogError';
		this.problems = problems;
	}
}


const EMPTY_DISCOVERY: DiscoveryReport = {
	unregistered: [],
	unowned: [],
	ownershipConflicts: [],
	nearDuplicates: [],
	unlinkedDeployments: [],
	ownerSuggestions: { status: 'skipped', detail: 'no discovery.json in the catalog' },
	orphanedResources: [],
	withoutRuntime: [],
	candidates: [],
	idClashes: [],
	errors: [],
};

export interface Catalog {
	services: Service[];
	teams: Team[];
	/** Empty in catalogs written before systems and domains were collected. */
	systems: System[];
	domains: Domain[];
	meta: CatalogMeta | null;
	discovery: DiscoveryReport;
	/** The repositories a merged catalog was made of (`repositories/<slug>.json`), with the commit each was collected at; empty for a monorepo's catalog. */
	repositories?: { repository: string; commit: string | null }[];
	/** The activity records joined into `services` (they also say which facts are activity). */
	activity?: ActivityRecord[];
}

/** What the site needs of a merged repository record (the rest is for the next merge). */
const RepositoryCommit = RepositorySource.pick({ kind: true, repository: true, commit: true });

export interface LoadCatalogOptions {
	/** Where the activity records are (`activity.commit: false` keeps them in the cache); default `<directory>/activity`. */
	activityDirectory?: string | null;
}

export async function loadCatalog(directory: string, { activityDirectory = null }: LoadCatalogOptions = {}): Promise<Catalog> {
	const problems: string[] = [];
	// A collection killed after it committed is completed first, so readers never see a mix.
	try {
		await recoverCatalog(directory);
	} catch (error) {
		throw new CatalogError(directory, [`${path.join(directory, TRANSACTION_DIRECTORY)}: an interrupted collection left changes that could not be completed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run \`shipshape collect\` again where the catalog is writable.`]);
	}
	const records = await readRecords(path.join(directory, 'services'), Service, problems);
	// Activity lives apart from the records (catalog/activity/); checks and pages see them joined.
	const activityPath = activityDirectory ?? path.join(directory, 'activity');
	const activity = existsSync(activityPath) ? await readRecords(activityPath, ActivityRecord, problems) : [];
	const activityById = new Map(activity.map((record) => [record.id, record]));
	const services = records.map((record) => joinedService(record, activityById.get(record.id), path.join(activityPath, `${record.id}.json`), problems));
	// No teams is a real state (no CODEOWNERS, no descriptors naming one); collect then writes no teams/.
	const teams = existsSync(path.join(directory, 'teams')) ? await readRecords(path.join(directory, 'teams'), Team, problems) : [];
	const systems = existsSync(path.join(directory, 'systems')) ? await readRecords(path.join(directory, 'systems'), System, problems) : [];
	const domains = existsSync(path.join(directory, 'domains')) ? await readRecords(path.join(directory, 'domains'), Domain, problems) : [];
	if (services.length === 0 && problems.length === 0) {
		problems.push(`${path.join(directory, 'services')}: no service records; run \`shipshape collect\` first.`);
	}
	const meta = await readOptional(path.join(directory, 'meta.json'), CatalogMeta, problems);
	const discovery = (await readOptional(path.join(directory, 'discovery.json'), DiscoveryReport, problems)) ?? EMPTY_DISCOVERY;
	const repositories = existsSync(path.join(directory, 'repositories')) ? await readRepositories(path.join(directory, 'repositories'), problems) : [];
	if (problems.length > 0) throw new CatalogError(directory, problems);
	return { services, teams, systems, domains, meta, discovery, repositories, activity };
}

async function readRepositories(directory: string, problems: string[]): Promise<Catalog['repositories']> {
	const files = (await readdir(directory)).filter((file) => file.endsWith('.json')).sort();
	const records = await Promise.all(files.map((file) => readJson(path.join(directory, file), RepositoryCommit.loose(), problems)));
	return records.flatMap((record) => (record === undefined || record.kind !== 'repository' ? [] : [{ repository: record.repository, commit: record.commit }]));
}

/** A record with its activity, the joined facts validated as the record's are. */
function joinedService(record: Service, activity: ActivityRecord | undefined, file: string, problems: string[]): Service {
	if (activity === undefined) return record;
	const joined = joinActivity(record, activity);
	const facts = Facts.safeParse(joined.facts);
	if (facts.success) return { ...joined, facts: facts.data };
	problems.push(`${file}:\n${z.prettifyError(facts.error).replace(/^/gm, '      ')}`);
	return record;
}

async function readRecords<T extends { id: string }>(directory: string, schema: z.ZodType<T>, problems: string[]): Promise<T[]> {
	let files: string[];
	try {
		files = (await readdir(directory)).filter((file) => file.endsWith('.json')).sort(compareIds);
	} catch (error) {
		problems.push(`${directory}: cannot read (${(error as NodeJS.ErrnoException).code ?? error}); run \`shipshape collect\` or check --catalog.`);
		return [];
	}
	const records: T[] = [];
	// Read in parallel (bounded), validate in order so that problems are listed deterministically.
	const texts = await mapLimited(files, 32, (file) => readFile(path.join(directory, file), 'utf8').catch((error: NodeJS.ErrnoException) => error));
	for (const [index, file] of files.entries()) {
		const record = parseJson(path.join(directory, file), texts[index]!, schema, problems);
		if (record === undefined) continue;
		if (`${record.id}.json` !== file) {
			problems.push(`${path.join(directory, file)}: id "${record.id}" differs from the file name; rename the file or fix the id.`);
			continue;
		}
		records.push(record);
	}
	return records;
}

async function readOptional<T>(file: string, schema: z.ZodType<T>, problems: string[]): Promise<T | null> {
	try {
		await readFile(file);
	} catch {
		return null;
	}
	return (await readJson(file, schema, problems)) ?? null;
}

async function readJson<T>(file: string, schema: z.ZodType<T>, problems: string[]): Promise<T | undefined> {
	const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => error);
	return parseJson(file, text, schema, problems);
}

function parseJson<T>(file: string, text: string | NodeJS.ErrnoException, schema: z.ZodType<T>, problems: string[]): T | undefined {
	if (typeof text !== 'string') {
		problems.push(`${file}: cannot read (${text.code}).`);
		return undefined;
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		problems.push(`${file}: invalid JSON (${(error as Error).message}).`);
		return undefined;
	}
	const result = schema.safeParse(data);
	if (!result.success) {
		problems.push(`${file}:\n${z.prettifyError(result.error).replace(/^/gm, '      ')}`);
		return undefined;
	}
	return result.data;
}

// Reads one catalog fragment (what `shipshape collect --fragment` wrote in a matrix job) and checks
// it against its manifest: every file listed is there with the content it was written with, no
// record is there that the manifest does not list, every record fits its schema. A fragment that
// fails any of that is rejected whole, with the reason: a job that died half-way, or an artifact
// uploaded or downloaded in part, must not replace a repository's previous records.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { repositorySlug } from '../format/repository-slug.ts';
import { ActivityRecord } from '../schema/activity.ts';
import { DiscoveryReport } from '../schema/discovery.ts';
import { FRAGMENT_MANIFEST, FragmentManifest, type CatalogRecords } from '../schema/fragment.ts';
import { CatalogMeta } from '../schema/meta.ts';
import { Service } from '../schema/service.ts';
import { Domain, System } from '../schema/system.ts';
import { Team } from '../schema/team.ts';

export interface Fragment extends CatalogRecords {
	directory: string;
	manifest: FragmentManifest;
	/** Its services' activity (`activity/<id>.json`), apart from their records as in a catalog. */
	activity: ActivityRecord[];
}

export type FragmentReading = { fragment: Fragment } | { rejected: { directory: string; reason: string } };

/** The record directories of a fragment, as in a catalog. */
const RECORD_DIRECTORIES = ['services', 'teams', 'systems', 'domains', 'activity'] as const;

/** A fragment larger than this is not a fragment of one repository (or is not a fragment). */
const MAX_FRAGMENT_FILES = 100_000;

export async function readFragment(directory: string): Promise<FragmentReading> {
	const reject = (reason: string): FragmentReading => ({ rejected: { directory, reason } });
	let manifestText: string;
	try {
		manifestText = await readFile(path.join(directory, FRAGMENT_MANIFEST), 'utf8');
	} catch {
		return reject(`no ${FRAGMENT_MANIFEST}: the collect job did not finish, or the fragment was uploaded or downloaded in part; run \`shipshape collect --fragment\` for this repository again.`);
	}
	const manifest = parseWith(FragmentManifest, manifestText);
	if (typeof manifest === 'string') return reject(`${FRAGMENT_MANIFEST} is not a fragment manifest (${manifest}).`);
	if (repositorySlug(manifest.repository) === '') return reject(`${FRAGMENT_MANIFEST} names the repository "${manifest.repository}", which gives no file name; collect it again with --repository owner/name.`);

	const present = await listJsonFiles(directory);
	if (present.length > MAX_FRAGMENT_FILES) return reject(`holds ${present.length} files, more than a fragment of one repository can (${MAX_FRAGMENT_FILES}); is this the right directory?`);
	const listed = Object.keys(manifest.files);
	const missing = listed.filter((file) => !present.includes(file));
	if (missing.length > 0) return reject(`${missing.length} file(s) its manifest lists are missing (${sample(missing)}): a partial upload or download.`);
	const unlisted = present.filter((file) => file !== FRAGMENT_MANIFEST && !(file in manifest.files));
	if (unlisted.length > 0) return reject(`${unlisted.length} file(s) are not in its manifest (${sample(unlisted)}): written after the collection, or two fragments in one directory.`);

	const texts = new Map<string, string>();
	const altered: string[] = [];
	for (const file of listed) {
		const text = await readFile(path.join(directory, file), 'utf8');
		if (createHash('sha256').update(text).digest('hex') !== manifest.files[file]) altered.push(file);
		texts.set(file, text);
	}
	if (altered.length > 0) return reject(`${altered.length} file(s) differ from what the collection wrote (${sample(altered)}): a truncated or altered upload.`);

	const problems: string[] = [];
	const records = <T extends { id: string }>(kind: (typeof RECORD_DIRECTORIES)[number], schema: z.ZodType<T>): T[] =>
		listed
			.filter((file) => file.startsWith(`${kind}/`))
			.sort()
			.flatMap((file) => {
				const record = parseWith(schema, texts.get(file)!);
				if (typeof record === 'string') problems.push(`${file}: ${record}`);
				else if (`${kind}/${record.id}.json` !== file) problems.push(`${file}: its id is "${record.id}"`);
				else return [record];
				return [];
			});
	const services = records('services', Service);
	const teams = records('teams', Team);
	const systems = records('systems', System);
	const domains = records('domains', Domain);
	const activity = records('activity', ActivityRecord);
	const serviceIds = new Set(services.map((service) => service.id));
	const strays = activity.filter((record) => !serviceIds.has(record.id));
	if (strays.length > 0) problems.push(`${strays.length} activity record(s) of no service (${sample(strays.map((record) => record.id))})`);
	const meta = texts.has('meta.json') ? parseWith(CatalogMeta, texts.get('meta.json')!) : 'missing';
	const discovery = texts.has('discovery.json') ? parseWith(DiscoveryReport, texts.get('discovery.json')!) : 'missing';
	if (typeof meta === 'string') problems.push(`meta.json: ${meta}`);
	if (typeof discovery === 'string') problems.push(`discovery.json: ${discovery}`);
	if (manifest.kind === 'repository') {
		const foreign = services.filter((service) => service.repository !== manifest.repository);
		if (foreign.length > 0) problems.push(`${foreign.length} service record(s) are not of ${manifest.repository} (${sample(foreign.map((service) => service.id))})`);
	}
	if (problems.length > 0) return reject(`records that do not fit the catalog schema: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`);
	return { fragment: { directory, manifest, services, teams, systems, domains, activity, discovery: discovery as DiscoveryReport, meta: meta as CatalogMeta } };
}

/** Whether a directory is one fragment (rather than a directory of fragments, as an artifact download gives). */
export async function isFragmentDirectory(directory: string): Promise<boolean> {
	const entries = await readdir(directory).catch(() => [] as string[]);
	return entries.includes(FRAGMENT_MANIFEST) || entries.includes('meta.json') || entries.includes('services');
}

/** The JSON files under a fragment, relative and POSIX: the top level and the record directories. */
async function listJsonFiles(directory: string): Promise<string[]> {
	const top = (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => entry.name);
	const nested = await Promise.all(
		RECORD_DIRECTORIES.map(async (kind) =>
			(await readdir(path.join(directory, kind), { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => `${kind}/${entry.name}`),
		),
	);
	return [...top, ...nested.flat()].sort();
}

function parseWith<T>(schema: z.ZodType<T>, text: string): T | string {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		return `invalid JSON: ${(error as Error).message}`;
	}
	const result = schema.safeParse(data);
	return result.success ? result.data : z.prettifyError(result.error).split('\n').slice(0, 2).join(' ');
}

function sample(items: readonly string[]): string {
	return items.slice(0, 3).join(', ') + (items.length > 3 ? `, … ${items.length - 3} more` : '');
}

// Discovery: finds the services of a monorepo (declared by descriptors, or inferred from what builds
// and deploys), what they are called elsewhere, what they call, who owns them (descriptor, then
// CODEOWNERS, plus suggestions from git history) and their languages.
import path from 'node:path';
import picomatch from 'picomatch';
import type { Evidence } from '../../catalog/schema/common.ts';
import type { DiscoverySettings } from './settings.ts';
import { runGit, type GitRunner } from '../../catalog/io/git.ts';
import type { TeamDeclaration } from '../types.ts';
import { classifyRepositoryFilesInBackground, summariseLanguages, type FileLanguages, type LanguageShare } from '../lib/languages.ts';
import type { CollectorProblem, DiscoveredService, Logger } from '../types.ts';
import type { SuggestedOwner } from '../../catalog/schema/service.ts';
import { readDeclaredServices, type ServiceSeed } from './declared.ts';
import type { DeclaredGrouping, DeclaredTeam } from './descriptors.ts';
import { readHistory, suggestOwners, summariseChanges, type ServiceChanges } from './history.ts';
import { inferServices, linkSignals, readSignals, type Candidate, type DeployName, type IdClash } from './infer.ts';
import { findNearDuplicates, normalisedKey, type NamedEntry, type NearDuplicate } from './naming.ts';
import { createAuthorTeamResolver, createOwnershipResolver, type OwnershipConflict } from './ownership.ts';

export const DISCOVERY_ID = 'discovery';

export interface DiscoveryInput {
	repoRoot: string;
	repoFiles: readonly string[];
	teams: readonly TeamDeclaration[];
	settings: DiscoverySettings;
	readFile(root: string, relativePath: string): Promise<string>;
	/** For owner suggestions from history. Default: the real git. */
	git?: GitRunner;
	log: Logger;
	now: Date;
}

/** What discovery learnt about the repository as a whole, for `catalog/discovery.json`. */
export interface DiscoveryResults {
	ownershipConflicts: OwnershipConflict[];
	nearDuplicates: NearDuplicate[];
	unlinkedDeployments: { name: string; kind: string; evidence: Evidence }[];
	history: { status: 'ok' | 'skipped'; detail: string };
	/** What looks like a service but is not catalogued until someone confirms it. */
	candidates: Candidate[];
	/** Ids two different services claim: the first is catalogued, the rest wait for a rename. */
	idClashes: IdClash[];
}

export interface DiscoveryResult {
	services: DiscoveredService[];
	/** Files of each service by id (deepest enclosing root wins; services sharing a root share its files). */
	serviceFiles: Map<string, string[]>;
	/** The files in scope (after `discovery.include`/`exclude`). */
	files: string[];
	teams: DeclaredTeam[];
	/** Handles (CODEOWNERS, descriptors) that mean each team, for its aliases. */
	teamHandles: Map<string, Set<string>>;
	/** Backstage System and Domain entities. */
	groupings: DeclaredGrouping[];
	problems: CollectorProblem[];
	results: DiscoveryResults;
}

export async function discoverServices(input: DiscoveryInput): Promise<DiscoveryResult> {
	const { settings } = input;
	const problems: CollectorProblem[] = [];
	const files = scopeFiles(input.repoFiles, settings);
	// Reading every file's head is the longest step on a large tree; it runs on its own thread while
	// the steps below read descriptors and build files, and is awaited only where languages are needed.
	const classification = files.length === 0 ? null : classifyRepositoryFilesInBackground(input.repoRoot, files);
	try {
		return await discoverWith(input, files, classification?.result ?? Promise.resolve(NO_FILE_LANGUAGES), problems);
	} finally {
		classification?.stop();
	}
}

const NO_FILE_LANGUAGES: FileLanguages = { language: new Int32Array(0), size: new Float64Array(0), binary: new Uint8Array(0), names: [] };

async function discoverWith(input: DiscoveryInput, files: string[], fileLanguages: Promise<FileLanguages>, problems: CollectorProblem[]): Promise<DiscoveryResult> {
	const { settings } = input;
	const { declared, teams, groupings, clashes: declaredClashes } = await readDeclaredServices({ repoRoot: input.repoRoot, files, roots: settings.roots, readFile: input.readFile }, problems);
	const signals = await readSignals(input.repoRoot, files, input.readFile, problems);
	const inferred = inferServices({ files, declared, signals, stripSuffixes: settings.stripSuffixes });
	const seeds = [...declared, ...inferred.services].sort((a, b) => compare(a.id, b.id));
	const links = linkSignals(seeds, signals, settings.stripSuffixes, inferred.candidates);
	const fileIndexes = assignFiles(files, seeds);
	const serviceFiles = new Map([...fileIndexes].map(([id, indexes]) => [id, indexes.map((index) => files[index]!)]));

	const ownership = await createOwnershipResolver(input.repoRoot, files, input.readFile, { configured: input.teams, declared: teams }, problems, settings.codeownersDialect);
	const suggestions = await suggestFromHistory(input, seeds, teams);
	input.log.info(`Classifying languages of ${files.length} files`);
	const languages = languagesByService(files, await fileLanguages, fileIndexes, problems);

	const conflicts: OwnershipConflict[] = [];
	const services = seeds.map((seed): DiscoveredService => {
		const owned = ownership.resolve(seed, serviceFiles.get(seed.id) ?? []);
		if (owned.conflict !== null) conflicts.push(owned.conflict);
		const serviceLanguages = languages.get(seed.id) ?? [];
		return {
			...seed,
			aliases: [...new Set([...seed.aliases, ...(links.aliases.get(seed.id) ?? [])])].sort(compare),
			dependsOn: [...new Set([...seed.dependsOn, ...(links.dependsOn.get(seed.id) ?? [])])].sort(compare),
			owner: owned.owner,
			owners: owned.owners,
			ownerSource: owned.ownerSource,
			suggestedOwners: suggestions.byService.get(seed.id) ?? [],
			changes: suggestions.changes === null ? null : { repositoryUrl: suggestions.repositoryUrl, ...(suggestions.changes.get(seed.id) ?? NO_CHANGES) },
			language: seed.language ?? primaryLanguage(serviceLanguages),
			languages: serviceLanguages,
		};
	});

	return {
		services,
		serviceFiles,
		files,
		teams,
		teamHandles: ownership.handlesOf(),
		groupings,
		problems,
		results: {
			ownershipConflicts: conflicts,
			nearDuplicates: findNearDuplicates(namedEntries(services, links.unlinked, settings.stripSuffixes)),
			unlinkedDeployments: links.unlinked.map(({ name, kind, evidence }) => ({ name, kind, evidence })),
			history: suggestions.status,
			candidates: inferred.candidates,
			idClashes: [...declaredClashes, ...inferred.clashes].sort((a, b) => compare(a.id, b.id)),
		},
	};
}

/** `discovery.include` / `exclude` globs, applied once so every step sees the same files. */
function scopeFiles(files: readonly string[], settings: DiscoverySettings): string[] {
	const included = settings.include === null ? null : picomatch(settings.include, { dot: true });
	const excluded = settings.exclude.length === 0 ? null : picomatch(settings.exclude, { dot: true });
	return files.filter((file) => (included === null || included(file)) && (excluded === null || !excluded(file)));
}

/** Every name of every service, plus deployment names nobody answers to, for near-duplicate checks. */
function namedEntries(services: readonly DiscoveredService[], unlinked: readonly DeployName[], stripSuffixes: readonly string[]): NamedEntry[] {
	const entries: NamedEntry[] = [];
	for (const service of services) {
		for (const name of new Set([service.id, service.name, ...service.aliases])) entries.push({ owner: service.id, name, key: normalisedKey(name, stripSuffixes) });
	}
	for (const signal of unlinked) {
		const owner = `${signal.kind} in ${signal.evidence.file}${signal.evidence.line ? `:${signal.evidence.line}` : ''}`;
		for (const name of signal.names) entries.push({ owner, name, key: normalisedKey(name, stripSuffixes) });
	}
	return entries;
}

async function suggestFromHistory(input: DiscoveryInput, seeds: readonly ServiceSeed[], teams: readonly DeclaredTeam[]) {
	const { history } = input.settings;
	const none = { byService: new Map<string, SuggestedOwner[]>(), changes: null, repositoryUrl: null };
	if (!history.enabled) return { ...none, status: { status: 'skipped', detail: 'disabled in discovery.history' } as const };
	const result = await readHistory(input.git ?? runGit, input.repoRoot, { maxCommits: history.maxCommits, sinceDays: history.sinceDays, now: input.now });
	if ('skipped' in result) {
		input.log.info(`Owner suggestions skipped: ${result.skipped}`);
		return { ...none, status: { status: 'skipped', detail: result.skipped } as const };
	}
	const roots = serviceRoots(seeds);
	const serviceOf = (file: string) => ownerOfFile(file, roots)?.[0] ?? null;
	const byService = suggestOwners({
		commits: result.commits,
		serviceOf,
		teamOf: createAuthorTeamResolver(input.teams, teams),
		windowLabel: `in the last ${history.sinceDays} days`,
	});
	const changes = summariseChanges(result.commits, serviceOf, input.now);
	// Services that share a root share its history.
	for (const ids of roots.values()) {
		for (const id of ids.slice(1)) {
			byService.set(id, byService.get(ids[0]!) ?? []);
			if (changes.has(ids[0]!)) changes.set(id, changes.get(ids[0]!)!);
		}
	}
	return { byService, changes, repositoryUrl: result.repositoryUrl, status: { status: 'ok', detail: `${result.commits.length} commits in the last ${history.sinceDays} days (at most ${history.maxCommits})` } as const };
}

/**
 * Each file belongs to the deepest service root that contains it; services sharing a root share its
 * files. Files are given by their position in `files`, which is also where their languages are.
 */
function assignFiles(files: readonly string[], seeds: readonly ServiceSeed[]): Map<string, number[]> {
	const roots = serviceRoots(seeds);
	const assigned = new Map<string, number[]>(seeds.map((seed) => [seed.id, []]));
	for (const [index, file] of files.entries()) {
		for (const id of ownerOfFile(file, roots) ?? []) assigned.get(id)!.push(index);
	}
	return assigned;
}

/** Service ids by root directory; services with no directory of their own own no files. */
function serviceRoots(seeds: readonly ServiceSeed[]): Map<string, string[]> {
	const roots = new Map<string, string[]>();
	for (const seed of seeds) if (seed.path !== null) roots.set(seed.path, [...(roots.get(seed.path) ?? []), seed.id]);
	return roots;
}

function ownerOfFile(file: string, roots: ReadonlyMap<string, string[]>): string[] | null {
	let directory = path.posix.dirname(file);
	for (;;) {
		const owners = roots.get(directory);
		if (owners !== undefined) return owners;
		if (directory === '.') return null;
		directory = path.posix.dirname(directory);
	}
}

/**
 * Language shares per service. A file with a source extension but binary content is not counted,
 * and is reported: it is usually a build output or a blob committed by mistake.
 */
function languagesByService(files: readonly string[], classified: FileLanguages, fileIndexes: Map<string, number[]>, problems: CollectorProblem[]): Map<string, LanguageShare[]> {
	const perService = new Map<string, LanguageShare[]>();
	for (const [id, owned] of fileIndexes) {
		const counted: { size: number; language: string }[] = [];
		for (const index of owned) {
			const language = classified.names[classified.language[index]!];
			if (language === undefined) continue;
			if (classified.binary[index] === 1) problems.push({ serviceId: id, file: files[index]!, message: `binary content in a ${language} source file; it is not counted as source` });
			else counted.push({ size: classified.size[index]!, language });
		}
		if (counted.length > 0) perService.set(id, summariseLanguages(counted));
	}
	return perService;
}

/** A service no commit in the window touched. */
const NO_CHANGES: ServiceChanges = { lastChange: null, commits30d: 0, commits90d: 0, contributors: [], recent: [] };

/** Linguist counts these as programming languages, but they build a service rather than being it. */
const BUILD_LANGUAGES = new Set(['Dockerfile', 'Makefile', 'HCL', 'Starlark', 'Earthly', 'Nix', 'CMake']);

function primaryLanguage(languages: readonly LanguageShare[]): string | null {
	return (languages.find((language) => !BUILD_LANGUAGES.has(language.name)) ?? languages[0])?.name ?? null;
}

export function isWithin(file: string, directory: string): boolean {
	return directory === '.' || file === directory || file.startsWith(`${directory}/`);
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

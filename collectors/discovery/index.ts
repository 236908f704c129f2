// Discovery: finds the services of a monorepo (declared by descriptors, or inferred from what builds
// and deploys), their owners (descriptor, then CODEOWNERS) and their languages.
import path from 'node:path';
import type { TeamConfig } from '../../src/lib/config/schema.ts';
import { HEAD_BYTES, classifyLanguages, summariseLanguages, type LanguageShare } from '../lib/languages.ts';
import { readHead, readMany } from '../lib/files.ts';
import { normaliseOwnerRef, toId } from '../lib/names.ts';
import type { CollectorProblem, DiscoveredService, Logger } from '../types.ts';
import { CODEOWNERS_LOCATIONS, createOwnerLookup, parseCodeowners, resolveDirectoryOwners, type CodeownersRule } from './codeowners.ts';
import { formatOf, parseDescriptor, type DeclaredService, type DeclaredTeam } from './descriptors.ts';

export const DISCOVERY_ID = 'discovery';

/** Descriptor formats in order of precedence when two describe the same directory. */
const FORMAT_PRECEDENCE = ['service.yaml', 'catalog-info.yaml', 'opslevel.yml'] as const;

/** Directory names that hold a service's build files rather than being the service. */
const BUILD_SUBDIRECTORIES = new Set(['src', 'docker', 'build', 'deploy', 'cmd']);

export interface DiscoveryInput {
	repoRoot: string;
	repoFiles: readonly string[];
	teams: readonly TeamConfig[];
	readFile(root: string, relativePath: string): Promise<string>;
	log: Logger;
}

export interface DiscoveryResult {
	services: DiscoveredService[];
	/** Files of each service by id (deepest enclosing root wins). */
	serviceFiles: Map<string, string[]>;
	teams: DeclaredTeam[];
	problems: CollectorProblem[];
}

export async function discoverServices(input: DiscoveryInput): Promise<DiscoveryResult> {
	const problems: CollectorProblem[] = [];
	const { declared, teams } = await readDescriptors(input, problems);
	const inferred = inferServices(input.repoFiles, declared);
	const roots = [...declared.map((service) => ({ service, registered: true })), ...inferred.map((service) => ({ service, registered: false }))];

	const filesByService = assignFiles(input.repoFiles, roots.map(({ service }) => ({ id: service.id, path: service.path })));
	const codeowners = await readCodeowners(input, problems);
	const resolveTeam = buildTeamResolver(input.teams, teams);
	const languages = await detectLanguages(input, filesByService, problems);

	const services: DiscoveredService[] = roots.map(({ service, registered }) => {
		const files = filesByService.get(service.id) ?? [];
		const fromCodeowners = codeowners === null ? [] : resolveDirectoryOwners(codeowners, service.path, files).owners.map(resolveTeam);
		const descriptorOwner = service.owner === null ? null : resolveTeam(service.owner);
		const owners = unique([...(descriptorOwner === null ? [] : [descriptorOwner]), ...fromCodeowners]);
		const serviceLanguages = languages.get(service.id) ?? [];
		return {
			...service,
			registered,
			owner: owners[0] ?? null,
			owners,
			ownerSource: descriptorOwner !== null ? 'descriptor' : fromCodeowners.length > 0 ? 'codeowners' : null,
			language: service.language ?? primaryLanguage(serviceLanguages),
			languages: serviceLanguages,
		};
	});
	services.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return { services, serviceFiles: filesByService, teams, problems };
}

type ServiceSeed = Omit<DiscoveredService, 'registered' | 'owners' | 'ownerSource' | 'languages'>;

async function readDescriptors(input: DiscoveryInput, problems: CollectorProblem[]): Promise<{ declared: ServiceSeed[]; teams: DeclaredTeam[] }> {
	const declaredById = new Map<string, DeclaredService>();
	const teams: DeclaredTeam[] = [];
	const descriptorFiles = input.repoFiles
		.map((file) => ({ file, format: formatOf(path.posix.basename(file)) }))
		.filter((entry) => entry.format !== null)
		.sort((a, b) => FORMAT_PRECEDENCE.indexOf(a.format!) - FORMAT_PRECEDENCE.indexOf(b.format!) || (a.file < b.file ? -1 : 1));
	const texts = await readMany(input.readFile, descriptorFiles.map(({ file }) => ({ root: input.repoRoot, relative: file })));
	for (const [index, { file, format }] of descriptorFiles.entries()) {
		const { text, error } = texts[index]!;
		if (text === null) {
			problems.push({ serviceId: null, file, message: error.message });
			continue;
		}
		const result = parseDescriptor(format!, file, text);
		teams.push(...result.teams);
		for (const problem of result.problems) problems.push({ serviceId: null, file, message: problem });
		for (const service of result.services) {
			const existing = declaredById.get(service.id);
			if (existing === undefined) {
				declaredById.set(service.id, service);
			} else if (path.posix.dirname(existing.file) !== path.posix.dirname(file)) {
				problems.push({
					serviceId: service.id,
					file,
					message: `service "${service.id}" is also declared in ${existing.file}; the first declaration is kept. Rename one of them or remove the duplicate.`,
				});
			}
		}
	}
	const declared = [...declaredById.values()].map(
		(service): ServiceSeed => ({
			id: service.id,
			name: service.name,
			description: service.description,
			path: posixDirname(service.file),
			aliases: [...service.aliases].sort(),
			owner: service.owner,
			language: service.language,
			tier: service.tier,
			lifecycle: service.lifecycle,
			tags: [...service.tags].sort(),
			links: service.links,
			dependsOn: [...service.dependsOn].sort(),
			descriptor: { format: service.format, runbookUrl: service.runbook, storesPii: service.pii },
			foundBy: [{ file: service.file, line: service.line, detail: `declared in ${service.format}` }],
		}),
	);
	return { declared, teams };
}

/** Directories with a Dockerfile that no descriptor covers are services nobody registered. */
function inferServices(files: readonly string[], declared: readonly ServiceSeed[]): ServiceSeed[] {
	const taken = new Set(declared.map((service) => service.id));
	const declaredRoots = new Set(declared.map((service) => service.path).filter((root) => root !== '.'));
	const covered = (directory: string) => {
		for (let current = directory; current !== '.'; current = posixDirname(current)) if (declaredRoots.has(current)) return true;
		return false;
	};
	const inferred = new Map<string, ServiceSeed>();
	for (const file of files) {
		if (!/(^|\/)Dockerfile(\.[\w-]+)?$/.test(file)) continue;
		let directory = posixDirname(file);
		if (BUILD_SUBDIRECTORIES.has(path.posix.basename(directory)) && directory.includes('/')) directory = posixDirname(directory);
		if (directory === '.' || covered(directory)) continue;
		const id = toId(path.posix.basename(directory));
		if (id === '' || taken.has(id) || inferred.has(id)) continue;
		inferred.set(id, {
			id,
			name: path.posix.basename(directory),
			description: null,
			path: directory,
			aliases: path.posix.basename(directory) === id ? [] : [path.posix.basename(directory)],
			owner: null,
			language: null,
			tier: null,
			lifecycle: null,
			tags: [],
			links: [],
			dependsOn: [],
			descriptor: { format: null, runbookUrl: null, storesPii: null },
			foundBy: [{ file, detail: 'Dockerfile without a service descriptor' }],
		});
	}
	return [...inferred.values()];
}

/** Each file belongs to the deepest service root that contains it (found by walking up its directories). */
function assignFiles(files: readonly string[], roots: readonly { id: string; path: string }[]): Map<string, string[]> {
	const rootIds = new Map(roots.map((root) => [root.path, root.id]));
	const assigned = new Map<string, string[]>(roots.map((root) => [root.id, []]));
	for (const file of files) {
		let directory = posixDirname(file);
		let owner = rootIds.get(directory);
		while (owner === undefined && directory !== '.') {
			directory = posixDirname(directory);
			owner = rootIds.get(directory);
		}
		if (owner !== undefined) assigned.get(owner)!.push(file);
	}
	return assigned;
}

async function readCodeowners(input: DiscoveryInput, problems: CollectorProblem[]): Promise<((path: string) => CodeownersRule | null) | null> {
	const file = CODEOWNERS_LOCATIONS.find((location) => input.repoFiles.includes(location));
	if (file === undefined) return null;
	let text: string;
	try {
		text = await input.readFile(input.repoRoot, file);
	} catch (error) {
		problems.push({ serviceId: null, file, message: (error as Error).message });
		return null;
	}
	const parsed = parseCodeowners(text);
	for (const problem of parsed.problems) problems.push({ serviceId: null, file, message: `line ${problem.line}: ${problem.message}` });
	return createOwnerLookup(parsed.rules);
}

/** Handle → team id, from config aliases and the `@org/<team-id>` convention; unknown handles stay. */
function buildTeamResolver(configured: readonly TeamConfig[], declared: readonly DeclaredTeam[]): (handle: string) => string {
	const explicit = new Map<string, string>();
	for (const team of configured) {
		for (const alias of team.aliases ?? []) explicit.set(alias, team.id);
	}
	const ids = new Set([...configured.map((team) => team.id), ...declared.map((team) => team.id)]);
	return (handle) => {
		const aliased = explicit.get(handle);
		if (aliased !== undefined) return aliased;
		const slug = /^@[\w.-]+\/([\w.-]+)$/.exec(handle)?.[1] ?? normaliseOwnerRef(handle);
		return ids.has(slug) ? slug : handle;
	};
}

/**
 * Language shares per service. A file with a source extension but binary content is not counted,
 * and is reported: it is usually a build output or a blob committed by mistake.
 */
async function detectLanguages(input: DiscoveryInput, filesByService: Map<string, string[]>, problems: CollectorProblem[]): Promise<Map<string, LanguageShare[]>> {
	const all = [...filesByService.entries()].flatMap(([id, files]) => files.map((file) => ({ id, file })));
	input.log.info(`Classifying languages of ${all.length} files`);
	const readable = all.flatMap((entry) => {
		const read = readHead(input.repoRoot, entry.file, HEAD_BYTES);
		return read === null ? [] : [{ ...entry, ...read, binary: isBinary(read.head) }];
	});
	// Binary files are classified by name only, to tell a binary "source" file from an image.
	const classified = await classifyLanguages(readable.map((entry) => ({ path: entry.file, size: entry.size, head: entry.binary ? '' : entry.head })));
	const perService = new Map<string, { size: number; language: string }[]>();
	for (const entry of readable) {
		const language = classified.get(entry.file);
		if (language === undefined) continue;
		if (entry.binary) {
			problems.push({ serviceId: entry.id, file: entry.file, message: `binary content in a ${language} source file; it is not counted as source` });
			continue;
		}
		const list = perService.get(entry.id) ?? [];
		list.push({ size: entry.size, language });
		perService.set(entry.id, list);
	}
	return new Map([...perService.entries()].map(([id, files]) => [id, summariseLanguages(files)]));
}

/** Linguist counts these as programming languages, but they build a service rather than being it. */
const BUILD_LANGUAGES = new Set(['Dockerfile', 'Makefile', 'HCL', 'Starlark', 'Earthly', 'Nix', 'CMake']);

function primaryLanguage(languages: readonly LanguageShare[]): string | null {
	return (languages.find((language) => !BUILD_LANGUAGES.has(language.name)) ?? languages[0])?.name ?? null;
}

function isBinary(head: string): boolean {
	return head.includes('\u0000');
}

export function isWithin(file: string, directory: string): boolean {
	return directory === '.' || file === directory || file.startsWith(`${directory}/`);
}

function posixDirname(file: string): string {
	return path.posix.dirname(file);
}

function unique(values: readonly string[]): string[] {
	return [...new Set(values)];
}

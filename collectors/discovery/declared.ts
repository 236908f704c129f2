// Services that people declared: descriptor files next to the code, and `discovery.roots` in the
// configuration. Two declarations of one id in different directories are reported, not merged.
import path from 'node:path';
import type { DiscoverySettings } from './settings.ts';
import picomatch from 'picomatch';
import { readMany } from '../lib/files.ts';
import { toId } from '../lib/names.ts';
import type { IdClash } from './infer.ts';
import type { CollectorProblem, DescriptorDisagreement, DiscoveredService } from '../types.ts';
import { formatOf, locationTargets, parseDescriptor, type DeclaredGrouping, type DeclaredService, type DeclaredEntity, type DeclaredTeam, type DeclaredUser } from './descriptors.ts';

/** A service before ownership, languages and links are resolved. */
export type ServiceSeed = Omit<DiscoveredService, 'registered' | 'owners' | 'ownerSource' | 'languages' | 'suggestedOwners' | 'changes'> & { registered: boolean };

/** A service with nothing declared but what is given: inferred services and `discovery.roots`. */
export function blankSeed(given: Pick<ServiceSeed, 'id' | 'name' | 'path' | 'registered' | 'foundBy'> & Partial<ServiceSeed>): ServiceSeed {
	return {
		description: null,
		aliases: [],
		owner: null,
		language: null,
		tier: null,
		lifecycle: null,
		tags: [],
		links: [],
		dependsOn: [],
		system: null,
		domain: null,
		repository: null,
		descriptor: { format: null, runbookUrl: null, storesPii: null, alertSources: [] },
		...given,
	};
}

/** Descriptor formats in order of precedence when two describe the same directory. */
const FORMAT_PRECEDENCE = ['service.yaml', 'catalog-info.yaml', 'opslevel.yml'] as const;

export interface DeclaredInput {
	repoRoot: string;
	files: readonly string[];
	roots: DiscoverySettings['roots'];
	readFile(root: string, relativePath: string): Promise<string>;
}

export async function readDeclaredServices(input: DeclaredInput, problems: CollectorProblem[]): Promise<{ declared: ServiceSeed[]; teams: DeclaredTeam[]; groupings: DeclaredGrouping[]; clashes: IdClash[] }> {
	const groupings: DeclaredGrouping[] = [];
	const users: DeclaredUser[] = [];
	const entities: DeclaredEntity[] = [];
	const disagreements = new Map<string, DescriptorDisagreement[]>();
	const declaredById = new Map<string, DeclaredService>();
	const clashes = new Map<string, IdClash>();
	const teams: DeclaredTeam[] = [];
	const named = input.files.map((file) => ({ file, format: formatOf(path.posix.basename(file)) })).filter((entry) => entry.format !== null);
	const namedTexts = await readMany(input.readFile, named.map(({ file }) => ({ root: input.repoRoot, relative: file })));
	// Files a Backstage Location points at (`spec.targets: [./org.yaml]`) are Backstage descriptors too.
	const known = new Set(named.map(({ file }) => file));
	const located = [...new Set(named.flatMap(({ file, format }, index) => (format === 'catalog-info.yaml' && namedTexts[index]!.text !== null ? locatedFiles(file, namedTexts[index]!.text!, input.files, problems) : [])))]
		.filter((file) => !known.has(file))
		.sort();
	const locatedTexts = await readMany(input.readFile, located.map((file) => ({ root: input.repoRoot, relative: file })));
	const all = [...named.map((entry, index) => ({ ...entry, read: namedTexts[index]! })), ...located.map((file, index) => ({ file, format: 'catalog-info.yaml' as const, read: locatedTexts[index]! }))];
	all.sort((a, b) => FORMAT_PRECEDENCE.indexOf(a.format!) - FORMAT_PRECEDENCE.indexOf(b.format!) || (a.file < b.file ? -1 : 1));
	const descriptorFiles = all.map(({ file, format }) => ({ file, format }));
	const texts = all.map((entry) => entry.read);
	for (const [index, { file, format }] of descriptorFiles.entries()) {
		const { text, error } = texts[index]!;
		if (text === null) {
			problems.push({ serviceId: null, file, message: error.message });
			continue;
		}
		const result = parseDescriptor(format!, file, text);
		teams.push(...result.teams);
		groupings.push(...(result.groupings ?? []));
		users.push(...(result.users ?? []));
		entities.push(...(result.entities ?? []));
		for (const problem of result.problems) problems.push({ serviceId: null, file, message: problem });
		for (const service of result.services) {
			const existing = declaredById.get(service.id);
			if (existing === undefined) {
				declaredById.set(service.id, service);
				continue;
			}
			// The same directory described twice (service.yaml and catalog-info.yaml) is one service: the
			// first format wins, and what the other says differently is kept for the Quality page.
			if (path.posix.dirname(existing.file) === path.posix.dirname(file)) {
				for (const field of ['name', 'owner', 'tier'] as const) {
					if (service[field] !== null && existing[field] !== null && service[field] !== existing[field]) {
						const list = disagreements.get(existing.id) ?? [];
						list.push({ field, kept: { file: existing.file, value: String(existing[field]) }, other: { file, value: String(service[field]) } });
						disagreements.set(existing.id, list);
					}
				}
				continue;
			}
			// Two directories claiming one id: never merged, never renamed after a path. The first is
			// catalogued; the clash waits in discovery.json for someone to rename one of them.
			const clash = clashes.get(service.id) ?? {
				id: service.id,
				candidates: [{ path: path.posix.dirname(existing.file), evidence: [{ file: existing.file, line: existing.line, detail: `declared in ${existing.format}` }] }],
				resolve: `"${service.id}" is declared in two directories. If they are different services, give one another \`name:\` in its descriptor; if not, remove the duplicate descriptor.`,
			};
			clash.candidates.push({ path: path.posix.dirname(file), evidence: [{ file, line: service.line, detail: `declared in ${service.format}` }] });
			clashes.set(service.id, clash);
			problems.push({ serviceId: null, file, message: `"${service.id}" is also declared in ${existing.file}; this one is not catalogued until one of them is renamed (see the Discovery page).` });
		}
	}
	const declared = [...declaredById.values()].map(
		(service): ServiceSeed => ({
			id: service.id,
			name: service.name,
			description: service.description,
			path: path.posix.dirname(service.file),
			registered: true,
			aliases: [...service.aliases].sort(),
			owner: service.owner,
			language: service.language,
			tier: service.tier,
			lifecycle: service.lifecycle,
			tags: [...service.tags].sort(),
			links: service.links,
			dependsOn: [...service.dependsOn].sort(),
			system: service.system,
			domain: service.domain,
			repository: service.repository,
			descriptor: { format: service.format, runbookUrl: service.runbook, storesPii: service.pii, alertSources: service.alertSources },
			foundBy: [{ file: service.file, line: service.line, detail: `declared in ${service.format}` }],
			...(disagreements.has(service.id) ? { disagreements: disagreements.get(service.id) } : {}),
			...backstageReferences(service, entities),
		}),
	);
	const declaredPaths = new Set(declared.map((service) => service.path));
	for (const root of input.roots) {
		const rootPath = path.posix.normalize(root.path).replace(/\/$/, '') || '.';
		if (declaredPaths.has(rootPath)) continue;
		const name = root.name ?? path.posix.basename(rootPath === '.' ? path.resolve(input.repoRoot) : rootPath);
		const id = toId(name);
		if (id === '' || declaredById.has(id)) {
			problems.push({ serviceId: null, file: 'shipshape.config.yaml', message: `discovery.roots: "${root.path}" gives the id "${id}", which is empty or already declared; set \`name\`.` });
			continue;
		}
		declared.push(
			blankSeed({
				id,
				name,
				path: rootPath,
				registered: true,
				owner: root.owner ?? null,
				tier: root.tier ?? null,
				descriptor: { format: 'shipshape.config.yaml', runbookUrl: null, storesPii: null, alertSources: [] },
				foundBy: [{ file: 'shipshape.config.yaml', detail: 'declared in discovery.roots' }],
			}),
		);
	}
	return { declared, teams: withUsers(teams, users), groupings, clashes: [...clashes.values()] };
}

/**
 * Backstage Users join their Groups (`spec.memberOf`, besides the Group's own `spec.members`), and a
 * member's e-mail is listed with its name, so that commits map to teams by author e-mail.
 */
function withUsers(teams: readonly DeclaredTeam[], users: readonly DeclaredUser[]): DeclaredTeam[] {
	return teams.map((team) => {
		const keys = new Set(team.memberKeys ?? []);
		const joined = users.filter((user) => keys.has(user.key) || user.memberOf.includes(team.id));
		const members = new Set([...team.members, ...joined.flatMap((user) => (user.email === null ? [user.name] : [user.name, user.email]))]);
		const { memberKeys: _keys, ...rest } = team;
		return { ...rest, members: [...members].sort() };
	});
}

/** A component's resources and APIs, described by the Resource and API entities of the repository. */
function backstageReferences(service: DeclaredService, entities: readonly DeclaredEntity[]) {
	const describe = (kind: DeclaredEntity['kind']) => (id: string) => {
		const entity = entities.find((candidate) => candidate.kind === kind && candidate.id === id);
		return { id, type: entity?.type ?? null, description: entity?.description ?? null, declared: entity !== undefined };
	};
	const resources = (service.resources ?? []).map(describe('resource'));
	const provides = (service.providesApis ?? []).map(describe('api'));
	const consumes = (service.consumesApis ?? []).map(describe('api'));
	return {
		...(resources.length > 0 ? { resources } : {}),
		...(provides.length > 0 || consumes.length > 0 ? { apis: { provides, consumes } } : {}),
	};
}

/** Repository files a Backstage Location's `spec.target`/`spec.targets` point at (relative paths and globs). */
function locatedFiles(file: string, text: string, files: readonly string[], problems: CollectorProblem[]): string[] {
	const targets = locationTargets(file, text);
	const found: string[] = [];
	const skipped = (target: string, why: string) => problems.push({ serviceId: null, file, message: `Location target ${target} ${why}; the entities there are not read` });
	for (const target of targets) {
		if (/^[a-z]+:\/\//i.test(target)) {
			skipped(target, 'is a URL, which Shipshape does not fetch');
			continue;
		}
		const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
		if (resolved.startsWith('../') || path.posix.isAbsolute(resolved)) {
			skipped(target, 'is outside the repository');
			continue;
		}
		if (/[*?[{]/.test(resolved)) {
			const match = picomatch(resolved, { dot: false });
			found.push(...files.filter((candidate) => /\.ya?ml$/.test(candidate) && match(candidate)));
		} else if (files.includes(resolved)) found.push(resolved);
		else skipped(target, 'is not in the repository');
	}
	return found;
}

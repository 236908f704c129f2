// Who owns each service: the descriptor's owner first, then CODEOWNERS (GitHub semantics); both are
// kept, disagreements are recorded, and handles are mapped to team ids.
import type { TeamDeclaration } from '../types.ts';
import { normaliseOwnerRef, toId } from '../lib/names.ts';
import type { CollectorProblem } from '../types.ts';
import { CODEOWNERS_LOCATIONS, createOwnerLookup, parseCodeowners, resolveDirectoryOwners, type CodeownersDialect, type CodeownersRule } from './codeowners.ts';
import type { DeclaredTeam } from './descriptors.ts';

export interface OwnershipConflict {
	service: string;
	descriptorOwner: string;
	codeownersOwners: string[];
	codeownersFile: string;
}

export interface Ownership {
	owner: string | null;
	owners: string[];
	ownerSource: 'descriptor' | 'codeowners' | null;
	conflict: OwnershipConflict | null;
}

export interface OwnershipResolver {
	resolve(service: { id: string; path: string | null; owner: string | null }, files: readonly string[]): Ownership;
	/** Team id for a handle (`@org/team`, `group:default/team`, configured alias), or the handle. */
	teamOf(handle: string): string;
	/** The handles met that mean a team (`@acme/payments` → payments), to record as its aliases. */
	handlesOf(): Map<string, Set<string>>;
}

export async function createOwnershipResolver(
	repoRoot: string,
	files: readonly string[],
	readFile: (root: string, relativePath: string) => Promise<string>,
	teams: { configured: readonly TeamDeclaration[]; declared: readonly DeclaredTeam[] },
	problems: CollectorProblem[],
	configuredDialect: CodeownersDialect | null = null,
): Promise<OwnershipResolver> {
	const fileSet = new Set(files);
	// The code host's semantics: as configured, else GitLab's when the repository has GitLab CI.
	const dialect: CodeownersDialect = configuredDialect ?? (fileSet.has('.gitlab-ci.yml') ? 'gitlab' : 'github');
	const codeownersFile = CODEOWNERS_LOCATIONS[dialect].find((location) => fileSet.has(location)) ?? null;
	let lookup: ((path: string) => CodeownersRule | null) | null = null;
	if (codeownersFile !== null) {
		try {
			const parsed = parseCodeowners(await readFile(repoRoot, codeownersFile), dialect);
			for (const problem of parsed.problems) problems.push({ serviceId: null, file: codeownersFile, message: `line ${problem.line}: ${problem.message}` });
			lookup = createOwnerLookup(parsed.rules);
		} catch (error) {
			problems.push({ serviceId: null, file: codeownersFile, message: (error as Error).message });
		}
	}
	const resolveTeam = createTeamResolver(teams.configured, teams.declared);
	const handles = new Map<string, Set<string>>();
	const teamOf = (handle: string) => {
		const team = resolveTeam(handle);
		if (team !== handle && handle.startsWith('@')) handles.set(team, (handles.get(team) ?? new Set()).add(handle));
		return team;
	};
	return {
		teamOf,
		handlesOf: () => handles,
		resolve(service, serviceFiles) {
			const fromCodeowners = lookup === null || service.path === null ? [] : resolveDirectoryOwners(lookup, service.path, serviceFiles).owners.map(teamOf);
			const fromDescriptor = service.owner === null ? null : teamOf(service.owner);
			const owners = [...new Set([...(fromDescriptor === null ? [] : [fromDescriptor]), ...fromCodeowners])];
			const conflict =
				fromDescriptor !== null && fromCodeowners.length > 0 && !fromCodeowners.includes(fromDescriptor)
					? { service: service.id, descriptorOwner: fromDescriptor, codeownersOwners: fromCodeowners, codeownersFile: codeownersFile! }
					: null;
			return {
				owner: owners[0] ?? null,
				owners,
				ownerSource: fromDescriptor !== null ? 'descriptor' : fromCodeowners.length > 0 ? 'codeowners' : null,
				conflict,
			};
		},
	};
}

/**
 * Handle → team id: configured aliases first; an organisation team handle (`@acme/payments`) is the
 * team `payments` whether or not anyone described it (so CODEOWNERS alone gives team pages, and
 * `payments`, `group:default/payments` and `@acme/payments` are one owner); user handles and
 * e-mail addresses stay as they are.
 */
function createTeamResolver(configured: readonly TeamDeclaration[], declared: readonly DeclaredTeam[]): (handle: string) => string {
	const explicit = new Map<string, string>();
	for (const team of configured) {
		for (const alias of team.aliases ?? []) explicit.set(alias, team.id);
	}
	const ids = new Set([...configured.map((team) => team.id), ...declared.map((team) => team.id)]);
	return (handle) => {
		const aliased = explicit.get(handle);
		if (aliased !== undefined) return aliased;
		const teamSlug = /^@[\w.-]+\/([\w.-]+)$/.exec(handle)?.[1];
		if (teamSlug !== undefined) return toId(teamSlug) || handle;
		const slug = normaliseOwnerRef(handle);
		return ids.has(slug) ? slug : handle;
	};
}

/** The team of a git author: a configured or Backstage team that lists their name or e-mail. */
export function createAuthorTeamResolver(configured: readonly TeamDeclaration[], declared: readonly DeclaredTeam[]): (author: string, email: string) => string | null {
	const byMember = new Map<string, string>();
	for (const team of [...configured.map((entry) => ({ id: entry.id, members: entry.members ?? [] })), ...declared]) {
		for (const member of team.members) if (!byMember.has(member.toLowerCase())) byMember.set(member.toLowerCase(), team.id);
	}
	return (author, email) => byMember.get(email.toLowerCase()) ?? byMember.get(author.toLowerCase()) ?? byMember.get(email.toLowerCase().split('@')[0] ?? '') ?? null;
}

// CODEOWNERS in the two dialects in use. GitHub: gitignore-style patterns (matched with `ignore`),
// the last matching rule wins, a rule without owners means "explicitly unowned". GitLab adds
// sections (`[Backend]`, optional `^[Docs]`, an approval count `[Backend][2]`, default owners on the
// section line for its rules that name none); sections of the same name (any case) are one, and a
// file is owned by the last matching rule of every section that has one.
import ignore from 'ignore';

export const CODEOWNERS_DIALECTS = ['github', 'gitlab'] as const;
export type CodeownersDialect = (typeof CODEOWNERS_DIALECTS)[number];

/** Where each code host looks, in order; the first file found wins. */
export const CODEOWNERS_LOCATIONS: Readonly<Record<CodeownersDialect, readonly string[]>> = {
	github: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'],
	gitlab: ['CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'],
};

export interface CodeownersRule {
	pattern: string;
	owners: string[];
	line: number;
	/** GitLab section (lower-cased name); absent for GitHub and for rules before the first section. */
	section?: string;
}

const SECTION_HEADER = /^(\^)?\[([^\]]+)\](?:\[(-?\d+)\])?((?:\s+\S+)*)\s*$/;

export interface ParsedCodeowners {
	rules: CodeownersRule[];
	problems: { line: number; message: string }[];
}

export function parseCodeowners(content: string, dialect: CodeownersDialect = 'github'): ParsedCodeowners {
	const rules: CodeownersRule[] = [];
	const problems: ParsedCodeowners['problems'] = [];
	const lines = content.split(/\r?\n/);
	let section: { name: string; defaults: string[] } | null = null;
	for (const [index, raw] of lines.entries()) {
		const line = stripComment(raw).trim();
		if (line === '') continue;
		const header = dialect === 'gitlab' ? SECTION_HEADER.exec(line) : null;
		if (header !== null) {
			section = { name: header[2]!.trim().toLowerCase(), defaults: header[4]!.trim().split(/\s+/).filter(Boolean) };
			continue;
		}
		const [pattern, ...named] = line.split(/\s+/) as [string, ...string[]];
		const owners = named.length === 0 && section !== null ? section.defaults : named;
		if (pattern.startsWith('!') || /\[.*\]/.test(pattern)) {
			problems.push({ line: index + 1, message: `pattern "${pattern}" uses syntax GitHub does not support in CODEOWNERS (negation or ranges); the rule is ignored` });
			continue;
		}
		const invalid = owners.filter((owner) => !/^(@[\w.-]+(\/[\w.-]+)?|[^@\s]+@[^@\s]+)$/.test(owner));
		if (invalid.length > 0) {
			problems.push({ line: index + 1, message: `owner ${invalid.join(', ')} is neither @user, @org/team nor an e-mail; the rule is ignored` });
			continue;
		}
		// `\#` stays escaped: `ignore` reads the pattern with gitignore's escaping rules.
		rules.push({ pattern, owners, line: index + 1, ...(section === null ? {} : { section: section.name }) });
	}
	return { rules, problems };
}

/** Matches one rule with gitignore semantics (the `ignore` package), and GitHub's `dir/*`. */
export function createRuleMatcher(rule: CodeownersRule): (path: string) => boolean {
	const matcher = ignore({ allowRelativePaths: true }).add(rule.pattern);
	// GitHub differs from gitignore for `dir/*`: it owns the files directly in dir, not nested ones.
	const directChildrenDepth = /\/\*$/.test(rule.pattern) && !rule.pattern.includes('**') ? rule.pattern.replace(/^\//, '').split('/').length : null;
	return (path) => matcher.ignores(path) && (directChildrenDepth === null || path.split('/').length === directChildrenDepth);
}

/** A pattern without wildcards or escapes; anchored when it has a slash before its end. */
const LITERAL_PATTERN = /^[^*?[\]\\!]+$/;

/**
 * A `(path) => rule | null` lookup; the rule is the last one matching, as on GitHub. Rules are
 * compiled once: anchored literal rules (`/services/payments/`, one per service in most
 * organisations) go into a map answered by the path's own prefixes, so a lookup costs its depth,
 * not the number of rules; only the other rules (`*`, `*.md`, `docs/**`) are matched one by one,
 * and only those after the best literal match. Matching is case-insensitive, as the `ignore`
 * package's default, so both paths agree on every path.
 */
export function createOwnerLookup(rules: readonly CodeownersRule[]): (path: string) => CodeownersRule | null {
	if (rules.some((rule) => rule.section !== undefined)) return createSectionedLookup(rules);
	return createSectionLookup(rules);
}

/** GitLab: each section answers on its own; the owners of every section that matches, in file order. */
function createSectionedLookup(rules: readonly CodeownersRule[]): (path: string) => CodeownersRule | null {
	const sections = new Map<string, CodeownersRule[]>();
	for (const rule of rules) {
		const key = rule.section ?? '';
		sections.set(key, [...(sections.get(key) ?? []), rule]);
	}
	const lookups = [...sections.values()].map(createSectionLookup);
	return (path) => {
		const matches = lookups.map((lookup) => lookup(path)).filter((rule): rule is CodeownersRule => rule !== null);
		if (matches.length === 0) return null;
		return { ...matches[0]!, owners: [...new Set(matches.flatMap((rule) => rule.owners))] };
	};
}

function createSectionLookup(rules: readonly CodeownersRule[]): (path: string) => CodeownersRule | null {
	const prefixRules = new Map<string, number>();
	const directoryRules = new Map<string, number>();
	const others: { index: number; matches: (path: string) => boolean }[] = [];
	for (const [index, rule] of rules.entries()) {
		const { pattern } = rule;
		const body = pattern.replace(/^\//, '').replace(/\/$/, '');
		const anchored = pattern.startsWith('/') || body.includes('/');
		if (LITERAL_PATTERN.test(pattern) && anchored && body !== '' && !body.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
			(pattern.endsWith('/') ? directoryRules : prefixRules).set(body.toLowerCase(), index);
		} else {
			others.push({ index, matches: createRuleMatcher(rule) });
		}
	}
	// The last literal rule naming a directory or one of its ancestors, per directory (lower-case): a
	// tree's files share their directories, so each directory is worked out once.
	const bestForDirectory = new Map<string, number>();
	const literalBestFor = (directory: string): number => {
		if (directory === '') return -1;
		let best = bestForDirectory.get(directory);
		if (best === undefined) {
			const slash = directory.lastIndexOf('/');
			best = Math.max(literalBestFor(slash === -1 ? '' : directory.slice(0, slash)), prefixRules.get(directory) ?? -1, directoryRules.get(directory) ?? -1);
			bestForDirectory.set(directory, best);
		}
		return best;
	};
	return (path) => {
		const isDirectory = path.endsWith('/');
		const lower = (isDirectory ? path.slice(0, -1) : path).toLowerCase();
		const slash = lower.lastIndexOf('/');
		// A rule for a directory owns what is below it, and the directory itself when asked as one.
		let best = Math.max(literalBestFor(slash === -1 ? '' : lower.slice(0, slash)), prefixRules.get(lower) ?? -1);
		if (isDirectory) best = Math.max(best, directoryRules.get(lower) ?? -1);
		for (let position = others.length - 1; position >= 0 && others[position]!.index > best; position -= 1) {
			if (others[position]!.matches(path)) return rules[others[position]!.index]!;
		}
		return best >= 0 ? rules[best]! : null;
	};
}

export interface DirectoryOwnership {
	/** Owners ranked: most files first, then alphabetically. */
	owners: string[];
	/** Files with no rule, or whose rule has no owners. */
	unownedFiles: number;
}

/** Owners of a service directory from the rules that own its files (and the directory itself). */
export function resolveDirectoryOwners(lookup: (path: string) => CodeownersRule | null, directory: string, files: readonly string[]): DirectoryOwnership {
	const counts = new Map<string, number>();
	let unownedFiles = 0;
	const paths = files.length > 0 ? files : [directory === '.' ? '' : `${directory}/`].filter(Boolean);
	for (const file of paths) {
		const rule = lookup(file);
		if (rule === null || rule.owners.length === 0) {
			unownedFiles += 1;
			continue;
		}
		for (const owner of rule.owners) counts.set(owner, (counts.get(owner) ?? 0) + 1);
	}
	const owners = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([owner]) => owner);
	return { owners, unownedFiles };
}

function stripComment(line: string): string {
	const match = /(^|[^\\])#/.exec(line);
	return match === null ? line : line.slice(0, match.index + match[1]!.length);
}

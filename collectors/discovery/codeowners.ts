// CODEOWNERS with GitHub's semantics: gitignore-style patterns (matched with `ignore`), the last
// matching rule wins, a rule without owners means "explicitly unowned".
import ignore from 'ignore';

/** Where GitHub looks, in order; the first file found wins. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
	pattern: string;
	owners: string[];
	line: number;
}

export interface ParsedCodeowners {
	rules: CodeownersRule[];
	problems: { line: number; message: string }[];
}

export function parseCodeowners(content: string): ParsedCodeowners {
	const rules: CodeownersRule[] = [];
	const problems: ParsedCodeowners['problems'] = [];
	const lines = content.split(/\r?\n/);
	for (const [index, raw] of lines.entries()) {
		const line = stripComment(raw).trim();
		if (line === '') continue;
		const [pattern, ...owners] = line.split(/\s+/) as [string, ...string[]];
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
		rules.push({ pattern, owners, line: index + 1 });
	}
	return { rules, problems };
}

/** A `(path) => rule | null` lookup; the rule is the last one matching, as on GitHub. */
export function createOwnerLookup(rules: readonly CodeownersRule[]): (path: string) => CodeownersRule | null {
	const matchers = rules.map((rule) => {
		const matcher = ignore({ allowRelativePaths: true }).add(rule.pattern);
		// GitHub differs from gitignore for `dir/*`: it owns the files directly in dir, not nested ones.
		const directChildrenDepth = /\/\*$/.test(rule.pattern) && !rule.pattern.includes('**') ? rule.pattern.replace(/^\//, '').split('/').length : null;
		return { rule, matches: (path: string) => matcher.ignores(path) && (directChildrenDepth === null || path.split('/').length === directChildrenDepth) };
	});
	return (path) => {
		for (let index = matchers.length - 1; index >= 0; index -= 1) {
			const entry = matchers[index] as (typeof matchers)[number];
			if (entry.matches(path)) return entry.rule;
		}
		return null;
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

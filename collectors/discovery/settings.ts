// What discovery can be told (the `discovery:` section of shipshape.config.yaml, resolved).
import type { CodeownersDialect } from './codeowners.ts';

export interface DiscoverySettings {
	include: string[] | null;
	exclude: string[];
	roots: { path: string; name?: string; owner?: string; tier?: number }[];
	stripSuffixes: string[];
	history: { enabled: boolean; sinceDays: number; maxCommits: number };
	/** Whose CODEOWNERS semantics apply (`codeowners.dialect`); null: GitLab's when .gitlab-ci.yml exists, else GitHub's. */
	codeownersDialect: CodeownersDialect | null;
}

export const DEFAULT_DISCOVERY: DiscoverySettings = {
	include: null,
	exclude: [],
	roots: [],
	stripSuffixes: ['-service', '-svc'],
	history: { enabled: true, sinceDays: 365, maxCommits: 5000 },
	codeownersDialect: null,
};

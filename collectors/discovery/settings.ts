// What discovery can be told (the `discovery:` section of shipshape.config.yaml, resolved).
export interface DiscoverySettings {
	include: string[] | null;
	exclude: string[];
	roots: { path: string; name?: string; owner?: string; tier?: number }[];
	stripSuffixes: string[];
	history: { enabled: boolean; sinceDays: number; maxCommits: number };
}

export const DEFAULT_DISCOVERY: DiscoverySettings = {
	include: null,
	exclude: [],
	roots: [],
	stripSuffixes: ['-service', '-svc'],
	history: { enabled: true, sinceDays: 365, maxCommits: 5000 },
};

// What the GitHub collector can be told (the `github:` section of shipshape.config.yaml, resolved).
export interface GitHubSettings {
	repository: string | null;
	baseUrl: string;
	issueLabel: string;
	productionEnvironments: string[];
	requestBudget: number;
	concurrency: number;
	timeoutMs: number;
	cacheDirectory: string;
	recorded: string | null;
	/** `--offline`: do not call GitHub even with a token. */
	offline: boolean;
}

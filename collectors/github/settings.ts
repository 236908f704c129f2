// What the GitHub collector can be told: its `collectors.github:` section of shipshape.config.yaml
// (also written `github:`, the older spelling), validated by its own schema and resolved here, with
// paths against the configuration file's directory.
import path from 'node:path';
import { z } from 'zod';
import type { GitHubClientOptions } from '../lib/octokit.ts';

export const GitHubSettingsSchema = z
	.strictObject({
		repository: z
			.string()
			.regex(/^[\w.-]+\/[\w.-]+$/, 'Use "owner/name".')
			.optional()
			.meta({ description: 'Repository of the monorepo (owner/name). Default: from the git remote `origin`.' }),
		baseUrl: z.url({ protocol: /^https?$/ }).optional().meta({ description: 'API URL; set it for GitHub Enterprise Server (https://github.example.com/api/v3). Default: https://api.github.com.' }),
		issueLabel: z.string().optional().meta({ description: 'Label that marks an issue as about a service; `{service}` is replaced by its id. Default: "service:{service}".' }),
		productionEnvironments: z.array(z.string()).optional().meta({ description: 'Deployment environments that count as production. Default: production, prod.' }),
		requestBudget: z.number().int().positive().optional().meta({ description: 'Most API requests one run may make. Default: 1000.' }),
		concurrency: z.number().int().min(1).max(16).optional().meta({ description: 'Requests in flight at once. Default: 4.' }),
		timeoutSeconds: z.number().positive().optional().meta({ description: 'Per-request timeout. Default: 15.' }),
		cache: z.string().optional().meta({ description: 'Directory of the ETag cache kept between builds. Default: .shipshape/github-cache.' }),
		recorded: z.string().optional().meta({ description: 'Recorded API responses to read when there is no token (demos, offline builds).' }),
	})
	.meta({ description: 'The GitHub collector (`collectors.github`, or `github:` at the top level). The token comes from the GITHUB_TOKEN environment variable, never from this file.' });
export type GitHubSettingsSection = z.infer<typeof GitHubSettingsSchema>;

/** The section resolved: defaults filled in, paths absolute. */
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

/** Where the run's relative paths start, Shipshape's cache, and whether it may use the network. */
export interface GitHubSettingsBase {
	configDirectory: string;
	cacheDirectory: string;
	offline: boolean;
}

export function resolveGitHubSettings(section: GitHubSettingsSection | undefined, { configDirectory, cacheDirectory, offline }: GitHubSettingsBase): GitHubSettings {
	return {
		repository: section?.repository ?? null,
		baseUrl: section?.baseUrl ?? 'https://api.github.com',
		issueLabel: section?.issueLabel ?? 'service:{service}',
		productionEnvironments: section?.productionEnvironments ?? ['production', 'prod'],
		requestBudget: section?.requestBudget ?? 1000,
		concurrency: section?.concurrency ?? 4,
		timeoutMs: (section?.timeoutSeconds ?? 15) * 1000,
		cacheDirectory: section?.cache !== undefined ? path.resolve(configDirectory, section.cache) : path.join(cacheDirectory, 'github-cache'),
		recorded: section?.recorded !== undefined ? path.resolve(configDirectory, section.recorded) : null,
		offline,
	};
}

/**
 * The API client's options for these settings: the token from GITHUB_TOKEN (never from the file),
 * and the ETag cache only with a token, since answers to anonymous requests are not the same.
 */
export function githubClientOptions(github: GitHubSettings, env: Readonly<Record<string, string | undefined>>, log: (message: string) => void): GitHubClientOptions {
	const token = githubToken(env);
	return { token, baseUrl: github.baseUrl, cacheDirectory: token === null ? null : github.cacheDirectory, requestBudget: github.requestBudget, timeoutMs: github.timeoutMs, retries: 2, waitScale: Number(env.SHIPSHAPE_GITHUB_WAIT_SCALE ?? 1), log };
}

export function githubToken(env: Readonly<Record<string, string | undefined>>): string | null {
	return env.GITHUB_TOKEN?.trim() || null;
}

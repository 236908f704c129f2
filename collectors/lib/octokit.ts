// The Octokit client collectors that read the GitHub API get from their context (`context.octokit`): Octokit's own throttling and retry plugins (they
// honour `retry-after` and `x-ratelimit-reset`), conditional requests with ETags cached on disk
// between builds (a 304 costs no rate limit), a per-request timeout and a budget of requests for
// the whole run. The token never leaves the Authorization header.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

export interface GitHubClientOptions {
	token: string | null;
	baseUrl: string;
	/** Directory of the ETag cache, or null for none. */
	cacheDirectory: string | null;
	/** Most HTTP requests the run may make (retries included). */
	requestBudget: number;
	timeoutMs: number;
	/** How many times a rate-limited or failed request is retried. */
	retries: number;
	/** Scales every wait (retry-after, reset times, backoff); 1 in production. */
	waitScale?: number;
	log: (message: string) => void;
}

interface CacheEntry {
	etag: string;
	data: unknown;
	headers: Record<string, string>;
}

export interface GitHubClient {
	octokit: Octokit;
	/** HTTP requests made so far (304s included, cache hits answered locally are not). */
	requestCount(): number;
	/** Writes the ETag cache back to disk. */
	saveCache(): Promise<void>;
}

const BUDGET_STATUS = 418;
const ThrottledOctokit = Octokit.plugin(throttling, retry);

export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
	const cacheFile = options.cacheDirectory === null ? null : path.join(options.cacheDirectory, 'etags.json');
	const cache = new Map<string, CacheEntry>(cacheFile === null ? [] : Object.entries(await readCache(cacheFile)));
	let requests = 0;
	const waitScale = options.waitScale ?? 1;

	const fetchWithLimits: typeof fetch = async (input, init) => {
		if (requests >= options.requestBudget) {
			// A synthetic answer the retry plugin is told never to retry: the budget is final.
			return new Response(JSON.stringify({ message: `request budget of ${options.requestBudget} exhausted` }), { status: BUDGET_STATUS, headers: { 'content-type': 'application/json' } });
		}
		requests += 1;
		return fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
	};

	const octokit = new ThrottledOctokit({
		auth: options.token ?? undefined,
		baseUrl: options.baseUrl,
		userAgent: 'shipshape-github-collector',
		request: { fetch: fetchWithLimits, retries: options.retries },
		retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451, BUDGET_STATUS], retryAfterBaseValue: 1000 * waitScale },
		throttle: {
			retryAfterBaseValue: 1000 * waitScale,
			onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
				options.log(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
				return retryCount < options.retries;
			},
			onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
				options.log(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
				return retryCount < options.retries;
			},
		},
	});

	// Conditional requests: send the cached ETag; a 304 answers from the cache.
	octokit.hook.wrap('request', async (request, requestOptions) => {
		const key = `${requestOptions.method} ${requestOptions.url} ${JSON.stringify(Object.entries(requestOptions).filter(([name]) => !['method', 'url', 'headers', 'request', 'baseUrl', 'mediaType'].includes(name)).sort())}`;
		const cached = cache.get(key);
		if (cached !== undefined) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
		try {
			const response = await request(requestOptions);
			const etag = response.headers.etag;
			if (typeof etag === 'string') cache.set(key, { etag, data: response.data, headers: pickHeaders(response.headers) });
			return response;
		} catch (error) {
			if ((error as { status?: number }).status === 304 && cached !== undefined) {
				return { status: 200, url: requestOptions.url, headers: cached.headers, data: cached.data } as never;
			}
			throw error;
		}
	});

	return {
		octokit,
		requestCount: () => requests,
		async saveCache() {
			if (cacheFile === null) return;
			await mkdir(path.dirname(cacheFile), { recursive: true });
			await writeFile(cacheFile, JSON.stringify(Object.fromEntries([...cache.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))));
		},
	};
}

/** Headers a cached answer needs again (pagination); never the request's Authorization. */
function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
	const kept: Record<string, string> = {};
	for (const name of ['link', 'etag', 'content-type']) {
		const value = headers[name];
		if (typeof value === 'string') kept[name] = value;
	}
	return kept;
}

async function readCache(file: string): Promise<Record<string, CacheEntry>> {
	try {
		const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
		return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, CacheEntry>) : {};
	} catch {
		return {};
	}
}

/** A failure as facts record it: status and GitHub's message, never request details. */
export function describeGitHubError(error: unknown): string {
	const status = (error as { status?: number }).status;
	const message = (error as { response?: { data?: { message?: unknown } } }).response?.data?.message;
	if (status === BUDGET_STATUS) return typeof message === 'string' ? message : 'request budget exhausted';
	// Octokit reports a failed fetch (timeout, refused connection) as status 500 with the cause's message.
	const text = String((error as Error)?.message ?? '');
	if ((error as Error)?.name === 'TimeoutError' || /aborted due to timeout|timed? ?out/i.test(text)) return 'GitHub did not answer in time';
	if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket/i.test(text)) return 'GitHub could not be reached';
	if (status === 403 || status === 401) return `GitHub answered ${status}${typeof message === 'string' ? `: ${message}` : ''} (the token lacks the permission, or the feature is off)`;
	if (typeof status === 'number' && status >= 400) return `GitHub answered ${status}${typeof message === 'string' ? `: ${message}` : ''}`;
	return 'GitHub could not be reached';
}

// A GitHub-API-shaped HTTP server on 127.0.0.1 for collector tests: routes answer with the
// response shapes of the real endpoints, with ETags (304 on If-None-Match), pagination `link`
// headers, and scripted faults. It records every request it receives.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Answer {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Milliseconds to wait before answering. */
	delay?: number;
}

/** A route answers each call in turn from `answers` (the last one repeats). */
export type Routes = Record<string, Answer[] | ((url: URL, call: number) => Answer)>;

export interface RecordedRequest {
	method: string;
	path: string;
	authorization: string | undefined;
	conditional: boolean;
	status: number;
}

export async function startGitHubServer(routes: Routes, token: string) {
	const requests: RecordedRequest[] = [];
	const calls = new Map<string, number>();
	const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://github.test');
		const key = `${request.method} ${url.pathname}`;
		const call = calls.get(key) ?? 0;
		calls.set(key, call + 1);
		const route = routes[key];
		const answer: Answer = route === undefined ? { status: 404, body: { message: 'Not Found' } } : typeof route === 'function' ? route(url, call) : (route[Math.min(call, route.length - 1)] ?? { status: 404 });
		const authorized = request.headers.authorization === `token ${token}` || request.headers.authorization === `bearer ${token}` || request.headers.authorization === `Bearer ${token}`;
		const body = JSON.stringify(authorized ? (answer.body ?? {}) : { message: 'Bad credentials' });
		const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
		const status = !authorized ? 401 : (answer.status ?? 200);
		const conditional = request.headers['if-none-match'] === etag && status === 200;
		requests.push({ method: request.method ?? 'GET', path: `${url.pathname}${url.search}`, authorization: request.headers.authorization, conditional, status: conditional ? 304 : status });
		if (answer.delay !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delay));
		if (response.destroyed) return;
		if (conditional) {
			response.writeHead(304, { etag }).end();
			return;
		}
		response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', etag, 'x-ratelimit-remaining': '4999', ...answer.headers }).end(status === 204 ? undefined : body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
	return {
		url,
		requests,
		reset() {
			requests.length = 0;
			calls.clear();
		},
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

// Recorded GitHub responses for builds without a token (the sample organisation ships some so its
// site shows the widgets offline). A recording maps "METHOD path?query" to status and body.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface Recording {
	status: number;
	data: unknown;
	headers?: Record<string, string>;
}

const recordings = new Map<string, Promise<Record<string, Recording>>>();

function load(directory: string): Promise<Record<string, Recording>> {
	let loaded = recordings.get(directory);
	if (loaded === undefined) {
		loaded = readFile(path.join(directory, 'recorded.json'), 'utf8').then((text) => JSON.parse(text) as Record<string, Recording>);
		recordings.set(directory, loaded);
	}
	return loaded;
}

/** Answers a request from the recording; anything not recorded is a 404, as for a missing resource. */
export async function recordedFetch(directory: string, endpoint: { method: string; url: string }): Promise<{ status: number; url: string; headers: Record<string, string>; data: unknown }> {
	const url = new URL(endpoint.url);
	const query = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => `${key}=${value}`).join('&');
	const key = `${endpoint.method} ${url.pathname}${query === '' ? '' : `?${query}`}`;
	const recording = (await load(directory))[key];
	if (recording === undefined || recording.status >= 400) {
		const status = recording?.status ?? 404;
		throw Object.assign(new Error(`recorded ${status} for ${key}`), { status, response: { data: recording?.data ?? { message: 'Not Found' } } });
	}
	return { status: recording.status, url: endpoint.url, headers: recording.headers ?? {}, data: recording.data };
}

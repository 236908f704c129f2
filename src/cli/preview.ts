// `shipshape preview`: serves the built site on 127.0.0.1 the way a static host would (the base
// path, directory index pages), so a user sees it without `npm run preview` in their repository.
// The browser tests use the same server.
import { createServer, type Server } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.csv': 'text/csv; charset=utf-8',
	'.xml': 'application/xml',
	'.png': 'image/png',
	'.wasm': 'application/wasm',
	'.pf_meta': 'application/octet-stream',
	'.pf_fragment': 'application/octet-stream',
	'.pf_index': 'application/octet-stream',
};

export interface ServeOptions {
	/** Sub-path the site is built for (site.base); requests outside it are 404. */
	base?: string;
	port?: number;
	host?: string;
}

export interface ServedSite {
	url: string;
	close(): Promise<void>;
}

export async function serveSite(directory: string, { base = '/', port = 0, host = '127.0.0.1' }: ServeOptions = {}): Promise<ServedSite> {
	const root = await realpath(directory);
	const server: Server = createServer(async (request, response) => {
		let pathname: string;
		try {
			pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
		} catch {
			response.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
			return;
		}
		if (!pathname.startsWith(base) && `${pathname}/` !== base) {
			response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: the site is served under ${base}`);
			return;
		}
		const file = path.join(root, pathname.slice(base.length - 1));
		if (file !== root && !file.startsWith(root + path.sep)) {
			response.writeHead(403).end();
			return;
		}
		try {
			const target = (await stat(file)).isDirectory() ? path.join(file, 'index.html') : file;
			const body = await readFile(target);
			response.writeHead(200, { 'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream' }).end(body);
		} catch {
			response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const address = server.address();
	const actualPort = typeof address === 'object' && address !== null ? address.port : port;
	return { url: `http://${host}:${actualPort}${base}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

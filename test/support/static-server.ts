// The built site served on 127.0.0.1 for browser tests: the same server as `shipshape preview`.
import { serveSite } from '../../src/cli/preview.ts';

/** `url` has no trailing slash, so tests append absolute paths (`${url}/services/`). */
export async function serveDirectory(root: string): Promise<{ url: string; close(): Promise<void> }> {
	const served = await serveSite(root);
	return { url: served.url.replace(/\/$/, ''), close: served.close };
}

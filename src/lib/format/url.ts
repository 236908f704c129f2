import { isSafeLink } from './safe-links.ts';

// Internal links that respect the configured `base` (sites served from a sub-path).
const BASE = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

/** `href('services/payments-api/')` → `/base/services/payments-api/`. */
export function href(path: string): string {
	return `${BASE}${path.replace(/^\//, '')}`;
}

/** Only absolute http(s) links leave the site; anything else (javascript:, data:, relative) is dropped. */
export function safeExternalUrl(url: string): string | null {
	try {
		const parsed = new URL(url.trim());
		return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isSafeLink(url) ? parsed.href : null;
	} catch {
		return null;
	}
}

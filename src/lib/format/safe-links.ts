// One rule for every URL the site writes from data (descriptor links, tickets, Markdown widgets,
// guides): http(s), mailto, or relative. Anything else (javascript:, vbscript:, data:, file:) is
// dropped, including the obfuscated forms browsers still honour ("java\tscript:", "JaVaScRiPt:").
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formAction', 'formaction', 'xLinkHref', 'xlink:href', 'poster', 'cite', 'background', 'ping']);

/** True for http(s), mailto and relative URLs (paths, `#anchors`, `?queries`). */
export function isSafeLink(url: string): boolean {
	// Browsers ignore ASCII whitespace and control characters inside a scheme.
	const compact = url.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
	const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
	return scheme === null || ALLOWED_SCHEMES.has(scheme[1]!);
}

/** Elements that carry a URL attribute (HTML's list), checked in guides. */
const URL_ELEMENTS = ['a', 'area', 'audio', 'base', 'blockquote', 'button', 'del', 'embed', 'form', 'frame', 'iframe', 'img', 'input', 'ins', 'link', 'object', 'q', 'script', 'source', 'track', 'video'];

interface ElementNode {
	properties?: Record<string, unknown>;
}

interface JsxNode {
	attributes?: { type: string; name?: string; value?: unknown }[];
}

/**
 * A hast plugin for Astro's Markdown processor (Sätteri), inherited by MDX: in guides, URL
 * attributes that fail `isSafeLink` and inline event handlers (`onclick`) are removed, from HTML
 * elements and MDX JSX elements alike. JSX attribute expressions are code written by the guide's
 * author and are left as they are. The pages' CSP would block such handlers anyway.
 */
export const safeLinksHastPlugin = {
	name: 'shipshape-safe-links',
	element: {
		filter: URL_ELEMENTS,
		visit<Node extends ElementNode>(node: Readonly<Node>): Node | undefined {
			const properties = node.properties ?? {};
			const unsafe = Object.entries(properties).filter(([name, value]) => /^on/i.test(name) || (URL_ATTRIBUTES.has(name) && !urlValueIsSafe(value)));
			if (unsafe.length === 0) return undefined;
			const kept = Object.fromEntries(Object.entries(properties).filter(([name]) => !unsafe.some(([bad]) => bad === name)));
			return { ...node, properties: kept } as Node;
		},
	},
	mdxJsxFlowElement: { filter: URL_ELEMENTS, visit: sanitiseJsx },
	mdxJsxTextElement: { filter: URL_ELEMENTS, visit: sanitiseJsx },
};

function sanitiseJsx<Node extends JsxNode>(node: Readonly<Node>): Node | undefined {
	const attributes = node.attributes ?? [];
	const kept = attributes.filter((attribute) => {
		if (attribute.type !== 'mdxJsxAttribute' || attribute.name === undefined) return true;
		if (/^on/i.test(attribute.name)) return false;
		return !URL_ATTRIBUTES.has(attribute.name) || typeof attribute.value !== 'string' || isSafeLink(attribute.value);
	});
	return kept.length === attributes.length ? undefined : ({ ...node, attributes: kept } as Node);
}

function urlValueIsSafe(value: unknown): boolean {
	if (typeof value === 'string') return isSafeLink(value);
	if (Array.isArray(value)) return value.every((item) => typeof item !== 'string' || isSafeLink(item));
	return true;
}

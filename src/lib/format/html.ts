// Escaping for markup written as strings, outside Astro's templates: the parts of a page the
// incremental build fills in itself (src/lib/site/page-slots.ts), so they must escape as Astro does.

/** Text or a double-quoted attribute value, safe in HTML. */
export function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

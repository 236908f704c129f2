import MarkdownIt from 'markdown-it';
import { isSafeLink } from './safe-links.ts';

/**
 * Raw HTML off (shown as text). markdown-it's own link check still lets `data:` images through, so
 * links and images are held to the site's rule: http(s), mailto or relative, nothing executable.
 */
const markdown = new MarkdownIt({ html: false, linkify: true });
markdown.validateLink = isSafeLink;

/** Markdown from data (widgets, collector READMEs) to HTML that is safe to set on a page. */
export function renderSafeMarkdown(text: string): string {
	return markdown.render(text);
}

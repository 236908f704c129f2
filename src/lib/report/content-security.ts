// The Content-Security-Policy every page carries (as a <meta http-equiv>): only the site's own
// scripts, styles, images and search index, and iframes only from the configured embed origins. If
// escaping ever failed somewhere, injected markup still could not run.
export function contentSecurityPolicy(embedOrigins: readonly string[]): string {
	const frames = embedOrigins.length === 0 ? "'none'" : [...new Set(embedOrigins)].sort().join(' ');
	return [
		"default-src 'self'",
		// Pagefind's search runs WebAssembly; 'wasm-unsafe-eval' allows compiling it and nothing else.
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self'",
		// Pagefind's stylesheet draws its search icon as a data: SVG; an image cannot run script.
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		`frame-src ${frames}`,
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
	].join('; ');
}

// Splits text on backticks so that `code` spans can be rendered as <code>; the parts are rendered
// as text nodes, so markup in the data is shown, never interpreted.
export interface TextPart {
	text: string;
	code: boolean;
}

export function codeSpans(text: string): TextPart[] {
	return text.split('`').map((part, index) => ({ text: part, code: index % 2 === 1 }));
}

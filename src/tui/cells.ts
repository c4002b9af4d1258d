// Text as a person sees it in a terminal: characters (grapheme clusters: `é` typed as e and a
// combining accent, a flag, an emoji with its modifiers) that take one or two cells each.
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;
// Made on first use: Intl.Segmenter costs tens of milliseconds, which ASCII text never pays.
let segmenter: Intl.Segmenter | undefined;

/** The characters of a text, each a grapheme cluster: what Backspace deletes and the cursor steps over. */
export function characters(text: string): string[] {
  if (PRINTABLE_ASCII.test(text)) return text.split('');
  segmenter ??= new Intl.Segmenter();
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

/** The terminal cells a text takes, as Ink measures them (a CJK character or an emoji takes two). */
export function cells(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** How a config file is laid out, so an edit keeps it: BOM, line endings, indentation, final newline. */
export interface TextFormat {
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
  readonly insertSpaces: boolean;
  readonly tabSize: number;
}

const BOM = '\uFEFF';

/** Reads the layout of `text` (defaults: no BOM, LF, two spaces). */
export function detectFormat(text: string): TextFormat {
  const bom = text.startsWith(BOM);
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const eol = crlf > lf ? '\r\n' : '\n';
  const indents = [...text.matchAll(/^([ \t]+)["}\]]/gm)].map((m) => m[1] ?? '');
  const first = indents[0];
  if (first === undefined) return { bom, eol, insertSpaces: true, tabSize: 2 };
  if (first.startsWith('\t')) return { bom, eol, insertSpaces: false, tabSize: 1 };
  const smallest = Math.min(...indents.filter((i) => !i.includes('\t')).map((i) => i.length));
  return {
    bom,
    eol,
    insertSpaces: true,
    tabSize: Number.isFinite(smallest) && smallest > 0 ? smallest : 2,
  };
}

/** `text` without its BOM. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Puts the BOM back when the original had one. */
export function withBom(text: string, format: TextFormat): string {
  return format.bom ? BOM + text : text;
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineColumn(
  text: string,
  offset: number,
): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The request a wrk Lua script sends on every connection, again and again. */
export interface WrkRequest {
  readonly method: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A double-quoted Lua string literal for `text` (backslash, quote and control characters escaped). */
export function luaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${String(code).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A wrk script that sends `request` (method, body, headers) for every request. */
export function wrkLuaScript(request: WrkRequest): string {
  const lines = [
    `wrk.method = ${luaString(request.method)}`,
    `wrk.body = ${luaString(request.body)}`,
  ];
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  return lines.join('\n') + '\n';
}

import {
  applyEdits,
  findNodeAtLocation,
  getNodeValue,
  modify,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import {
  isGateEntryName,
  type JsonObject,
  type JsonValue,
  type RootKey,
} from '../../../shared/clients';
import { detectFormat, lineColumn, stripBom, withBom } from './text-format';

/** What to do to the servers of one client file. */
export interface PlanOptions {
  readonly rootKey: RootKey;
  /** Entries MCP Gate wants in the file, by name (added, or replaced when they differ). */
  readonly entries: Readonly<Record<string, JsonObject>>;
  /** Names to take out; only `aliyun-*` names that are also in `owned` are ever removed. */
  readonly remove?: readonly string[];
  /** Names MCP Gate wrote into this file before (its ownership record). */
  readonly owned?: readonly string[];
  /** True for JSONC clients (comments, trailing commas); false parses strict JSON. */
  readonly allowComments: boolean;
}

/** Which entries a plan touches. */
export interface PlanChanges {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
  /** Names present in the file but not written by MCP Gate, with other content: left alone. */
  readonly conflicts: readonly string[];
}

/** Where and why a file does not parse. */
export interface PlanError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The edited text and what changed, or the reason the file cannot be edited. */
export type PlanResult =
  | {
      readonly ok: true;
      readonly newText: string;
      readonly changed: boolean;
      readonly changes: PlanChanges;
    }
  | { readonly ok: false; readonly error: PlanError };

/** Parses a client file the way the client does; the servers object is returned (empty when absent). */
export function readServers(
  text: string,
  rootKey: RootKey,
  allowComments: boolean,
):
  | { readonly ok: true; readonly servers: Readonly<Record<string, JsonValue>> }
  | { readonly ok: false; readonly error: PlanError } {
  const body = stripBom(text);
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, {
    allowTrailingComma: allowComments,
    disallowComments: !allowComments,
    allowEmptyContent: true,
  });
  const first = errors[0];
  if (first !== undefined) {
    const where = lineColumn(body, first.offset);
    return { ok: false, error: { ...where, message: describeParseError(first, allowComments) } };
  }
  if (tree === undefined) return { ok: true, servers: {} };
  if (tree.type !== 'object') {
    return {
      ok: false,
      error: { ...lineColumn(body, tree.offset), message: 'the file must hold one JSON object' },
    };
  }
  const node = findNodeAtLocation(tree, [rootKey]);
  if (node === undefined) return { ok: true, servers: {} };
  if (node.type !== 'object') {
    return {
      ok: false,
      error: { ...lineColumn(body, node.offset), message: `"${rootKey}" must be an object` },
    };
  }
  return { ok: true, servers: getNodeValue(node) as Record<string, JsonValue> };
}

function describeParseError(error: ParseError, allowComments: boolean): string {
  const code = printParseErrorCode(error.error);
  switch (code) {
    case 'InvalidCommentToken':
      return 'comments are not allowed in this file (the client reads plain JSON)';
    case 'PropertyNameExpected':
    case 'ValueExpected':
      return allowComments
        ? `${code}: a property or value is missing`
        : `${code}: a value is missing or there is a trailing comma (the client reads plain JSON)`;
    default:
      return code;
  }
}

/**
 * Plans the edit of a client file with jsonc-parser edits, so comments, trailing commas, foreign
 * servers and keys, indentation, BOM and line endings stay as they are. Pure: returns the new text.
 */
export function planClientEdit(text: string, options: PlanOptions): PlanResult {
  const { rootKey, allowComments } = options;
  const read = readServers(text, rootKey, allowComments);
  if (!read.ok) return read;
  const format = detectFormat(text);
  const owned = new Set(options.owned ?? []);
  const original = stripBom(text);
  let body = original.trim() === '' ? '' : original;
  const added: string[] = [];
  const updated: string[] = [];
  const removed: string[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  const unit = format.insertSpaces ? ' '.repeat(format.tabSize) : '\t';

  const set = (name: string, value: JsonValue | undefined): void => {
    body = setServer(body, rootKey, name, value, unit, format.eol);
  };

  for (const [name, entry] of Object.entries(options.entries)) {
    const current = read.servers[name];
    if (current === undefined) {
      set(name, entry);
      added.push(name);
    } else if (deepEqual(current, entry)) {
      unchanged.push(name);
    } else if (owned.has(name)) {
      set(name, entry);
      updated.push(name);
    } else {
      conflicts.push(name);
    }
  }
  for (const name of options.remove ?? []) {
    if (name in options.entries) continue;
    if (!isGateEntryName(name) || !owned.has(name) || read.servers[name] === undefined) continue;
    set(name, undefined);
    removed.push(name);
  }

  const changed = added.length + updated.length + removed.length > 0;
  if (!changed)
    return {
      ok: true,
      newText: text,
      changed,
      changes: { added, updated, removed, unchanged, conflicts },
    };
  if (original.trim() === '') body += format.eol;

  return {
    ok: true,
    newText: withBom(body, format),
    changed,
    changes: { added, updated, removed, unchanged, conflicts },
  };
}

/** The JSON text of `value`, indented for a property `depth` levels deep. */
function render(value: JsonValue, depth: number, unit: string, eol: string): string {
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join(eol + unit.repeat(depth));
}

/** Inserts `"name": value` as the last property of the object `node`, on its own line. */
function insertProperty(
  body: string,
  node: Node,
  name: string,
  value: JsonValue,
  depth: number,
  unit: string,
  eol: string,
): string {
  const property = `${JSON.stringify(name)}: ${render(value, depth, unit, eol)}`;
  const children = node.children ?? [];
  const last = children[children.length - 1];
  if (last === undefined) {
    const open = node.offset + 1;
    const close = node.offset + node.length - 1;
    const inside = body.slice(open, close);
    const keep = inside.trim() === '' ? '' : inside.replace(/\s+$/, '');
    const insert = `${keep}${eol}${unit.repeat(depth)}${property}${eol}${unit.repeat(depth - 1)}`;
    return body.slice(0, open) + insert + body.slice(close);
  }
  const end = last.offset + last.length;
  return `${body.slice(0, end)},${eol}${unit.repeat(depth)}${property}${body.slice(end)}`;
}

/**
 * Sets (or, with undefined, removes) `<rootKey>.<name>` touching only that entry's text: new
 * entries go on their own lines after the last server, so neighbours and comments keep their bytes.
 */
function setServer(
  body: string,
  rootKey: RootKey,
  name: string,
  value: JsonValue | undefined,
  unit: string,
  eol: string,
): string {
  if (value === undefined) return applyEdits(body, modify(body, [rootKey, name], undefined, {}));
  const source = body.trim() === '' ? '{}' : body;
  const tree = parseTree(source, [], { allowTrailingComma: true, allowEmptyContent: true });
  if (tree === undefined) return body;
  const root = findNodeAtLocation(tree, [rootKey]);
  if (root === undefined)
    return insertProperty(source, tree, rootKey, { [name]: value }, 1, unit, eol);
  const current = findNodeAtLocation(root, [name]);
  if (current === undefined) return insertProperty(source, root, name, value, 2, unit, eol);
  return (
    source.slice(0, current.offset) +
    render(value, 2, unit, eol) +
    source.slice(current.offset + current.length)
  );
}

/** Structural equality of two JSON values (object key order ignored). */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      a.length === b.length && a.every((v: JsonValue, i: number) => deepEqual(v, b[i] as JsonValue))
    );
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  return (
    keys.length === Object.keys(bo).length && keys.every((k) => k in bo && deepEqual(ao[k], bo[k]))
  );
}

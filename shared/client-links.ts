import { buildEntry, CLIENT_KEY_HEADER, entryName, localUrls, type GateServer } from './clients';

/** The server and key a link or paste value is made for. */
export interface LinkInput {
  readonly server: GateServer;
  readonly port: number;
  readonly key: string;
}

/** Base64 of the UTF-8 bytes of `text` (btoa alone only takes Latin-1). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `cursor://anysphere.cursor-deeplink/mcp/install?name=<n>&config=<urlencoded base64 of {url,headers}>`. */
export function cursorInstallLink(input: LinkInput): string {
  const { url } = localUrls(input.server, input.port);
  const config = base64Utf8(JSON.stringify({ url, headers: { [CLIENT_KEY_HEADER]: input.key } }));
  const name = encodeURIComponent(entryName(input.server.name));
  return `cursor://anysphere.cursor-deeplink/mcp/install?name=${name}&config=${encodeURIComponent(config)}`;
}

/** `vscode:mcp/install?<urlencoded JSON {name,type,url,headers}>` (VS Code's URL handler). */
export function vscodeInstallLink(input: LinkInput): string {
  const { url } = localUrls(input.server, input.port);
  const json = JSON.stringify({
    name: entryName(input.server.name),
    type: 'http',
    url,
    headers: { [CLIENT_KEY_HEADER]: input.key },
  });
  return `vscode:mcp/install?${encodeURIComponent(json)}`;
}

/** Cherry Studio's import payload `{mcpServers:{<name>:{type:"streamableHttp", baseUrl, headers}}}`. */
export function cherryStudioPayload(inputs: readonly LinkInput[]): {
  readonly mcpServers: Record<string, unknown>;
} {
  const mcpServers: Record<string, unknown> = {};
  for (const input of inputs) {
    const urls = localUrls(input.server, input.port);
    mcpServers[entryName(input.server.name)] = buildEntry('cherry-studio', {
      ...urls,
      key: input.key,
      port: input.port,
    });
  }
  return { mcpServers };
}

/** `cherrystudio://mcp/install?servers=<urlencoded base64 JSON>`; arrives disabled, the user confirms. */
export function cherryStudioInstallLink(inputs: readonly LinkInput[]): string {
  const payload = base64Utf8(JSON.stringify(cherryStudioPayload(inputs)));
  return `cherrystudio://mcp/install?servers=${encodeURIComponent(payload)}`;
}

/** The JSON to paste into Cherry Studio's "Edit JSON" importer. */
export function cherryStudioJson(inputs: readonly LinkInput[]): string {
  return `${JSON.stringify(cherryStudioPayload(inputs), null, 2)}\n`;
}

/** What a user types into a client that has no file we may edit (Dify, Lingma). */
export interface PasteValues {
  readonly name: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

/**
 * Values for Dify's "Add MCP Server (HTTP)": inside Docker `127.0.0.1` is the container, so the URL
 * uses the Docker bridge address, and the proxy must listen there too. `dockerHost` null: not found.
 */
export function difyValues(input: LinkInput, dockerHost: string | null): PasteValues {
  const host = dockerHost ?? '<docker bridge address>';
  const url = `http://${host}:${input.port}${input.server.path}`;
  const notes = [
    `Dify runs in Docker, where 127.0.0.1 is the container itself: the URL uses the Docker bridge address${dockerHost === null ? ' (find it with `ip -4 addr show docker0`, usually 172.17.0.1)' : ''}.`,
    `The proxy must listen on that address: start it with \`mcp-gate proxy --host ${host}\` (it listens on 127.0.0.1 only by default), and keep client keys required, since other containers can reach that address.`,
    `Server identifier: ${entryName(input.server.name)}; leave authentication empty and add the header below.`,
  ];
  return {
    name: entryName(input.server.name),
    url,
    headers: { [CLIENT_KEY_HEADER]: input.key },
    notes,
  };
}

/** Values for Lingma: documented builds speak legacy SSE only, so it gets the `/sse` URL. */
export function lingmaValues(input: LinkInput): PasteValues {
  const { sseUrl } = localUrls(input.server, input.port);
  return {
    name: entryName(input.server.name),
    url: sseUrl,
    headers: { [CLIENT_KEY_HEADER]: input.key },
    notes: [
      'Lingma: MCP tools → add a server of type SSE with this URL and header (or paste the JSON into its mcp config).',
    ],
  };
}

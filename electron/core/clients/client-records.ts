import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { CLIENT_IDS, type ClientId, type GateServer } from '../../../shared/clients';
import { UserError } from '../errors';

const ServerSchema = z.object({ name: z.string().min(1), path: z.string().startsWith('/') });

const RecordSchema = z.object({
  /** The file MCP Gate edited (as the client names it), or null for link/paste clients. */
  file: z.string().nullable(),
  /** Entry names MCP Gate wrote there: the only ones it will ever update or remove. */
  entries: z.array(z.string()),
  port: z.number().int(),
  servers: z.array(ServerSchema),
  updatedAt: z.string(),
});

const FileSchema = z.object({
  version: z.literal(1),
  clients: z.partialRecord(z.enum(CLIENT_IDS), RecordSchema),
});

/** What MCP Gate remembers about one configured client. */
export type ClientRecord = z.infer<typeof RecordSchema>;

/** The ownership record `<configDir>/clients.json`: which entries MCP Gate wrote where. */
export interface ClientRecords {
  readonly path: string;
  get(client: ClientId): Promise<ClientRecord | null>;
  all(): Promise<Partial<Record<ClientId, ClientRecord>>>;
  set(client: ClientId, record: ClientRecord): Promise<void>;
  delete(client: ClientId): Promise<void>;
  /** Every server any client was last configured with (used when no server list is given). */
  servers(): Promise<GateServer[]>;
}

/** Opens the ownership record (0600, atomic writes); it holds names and paths, never keys. */
export function openClientRecords(path: string): ClientRecords {
  const load = async (): Promise<z.infer<typeof FileSchema>> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
        return { version: 1, clients: {} };
      throw error;
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // reported below
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) {
      throw new UserError(
        'client-records-corrupt',
        `${path} is not a valid MCP Gate client record: fix or move it away (MCP Gate then treats no entry as its own), and run the command again.`,
      );
    }
    return parsed.data;
  };
  const save = async (file: z.infer<typeof FileSchema>): Promise<void> => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, fsync: true });
  };
  return {
    path,
    get: async (client) => (await load()).clients[client] ?? null,
    all: async () => (await load()).clients,
    set: async (client, record) => {
      const file = await load();
      await save({ version: 1, clients: { ...file.clients, [client]: record } });
    },
    delete: async (client) => {
      const file = await load();
      if (file.clients[client] === undefined) return;
      const clients = Object.fromEntries(
        Object.entries(file.clients).filter(([id]) => id !== client),
      );
      await save({ version: 1, clients });
    },
    servers: async () => {
      const seen = new Map<string, GateServer>();
      for (const record of Object.values((await load()).clients)) {
        for (const server of record?.servers ?? []) seen.set(server.path, server);
      }
      return [...seen.values()];
    },
  };
}

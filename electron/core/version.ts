import packageJson from '../../package.json' with { type: 'json' };

/** The version of MCP Gate, from package.json. */
export const VERSION: string = packageJson.version;

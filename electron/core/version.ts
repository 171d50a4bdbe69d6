declare const MCP_GATE_VERSION: string | undefined;

/** The version of MCP Gate, stamped at build time. */
export const VERSION: string =
  typeof MCP_GATE_VERSION === 'string' ? MCP_GATE_VERSION : '0.0.0-dev';

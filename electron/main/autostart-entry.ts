import type { BridgeCommand } from '../../shared/clients';

/** The XDG autostart file (`$XDG_CONFIG_HOME/autostart/<name>`) that starts the app at login on Linux. */
export const AUTOSTART_FILE_NAME = 'mcp-gate.desktop';

/** The desktop entry that starts a command at login (freedesktop Desktop Entry spec). */
export function autostartDesktopEntry(command: BridgeCommand): string {
  const exec = [command.command, ...command.args].map(quoteExecArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=MCP Gate',
    'Comment=Alibaba Cloud MCP servers for local AI clients',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** One Exec= argument: quoted when needed, with the spec's escapes (and `%` doubled). */
export function quoteExecArgument(argument: string): string {
  const text = argument.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`=]/.test(text)) return text;
  // inside double quotes ", `, $ and \ are escaped with a backslash; the file format then
  // escapes each backslash once more
  const quoted = `"${text.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

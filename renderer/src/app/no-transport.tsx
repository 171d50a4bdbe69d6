import type { ReactNode } from 'react';

/** What the page says when it was opened without Electron and without a loopback token. */
export function NoTransport(): ReactNode {
  return (
    <main className="no-transport">
      <h1>MCP Gate settings cannot connect</h1>
      <p>
        This page talks to MCP Gate, and it was opened without a way to reach it (no desktop app and
        no access token in the address).
      </p>
      <ol>
        <li>
          In the project folder, run <code>npm run demo:ui</code>.
        </li>
        <li>
          Open the URL it prints, exactly as printed: it ends with <code>#token=…</code>, the
          one-time key that lets this page talk to MCP Gate.
        </li>
      </ol>
      <p>In the desktop app, open Settings from the tray icon instead.</p>
    </main>
  );
}

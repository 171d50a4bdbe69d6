import type { ClientView } from '../../../../shared/ipc/views';

/** The words of a client's state badge. */
export function clientStateLabel(client: Pick<ClientView, 'state' | 'kind'>): string {
  switch (client.state) {
    case 'not-configured':
      return 'Not configured';
    case 'configured':
      return 'Configured';
    case 'out-of-date':
      return 'Out of date';
    case 'unreadable':
      return 'Unreadable';
    case 'not-applicable':
      return client.kind === 'file' ? 'Not available on this system' : 'Set up by link or by hand';
  }
}

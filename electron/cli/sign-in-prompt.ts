import { createInterface } from 'node:readline';
import { isOpenableAuthorizationUrl, type SignIn } from '../core/auth/sign-in';
import { openBrowser } from './open-browser';

/** Shows the sign-in URL, opens the browser when allowed, and on a TTY lets the user paste the code. */
export async function presentSignIn(
  flow: SignIn,
  options: { readonly openBrowser: boolean },
): Promise<void> {
  const url = flow.authorizationUrl;
  const out = process.stdout;
  let opened = false;
  if (options.openBrowser && isOpenableAuthorizationUrl(url)) opened = await openBrowser(url);
  out.write(
    opened
      ? `Opened your browser to sign in to Alibaba Cloud. If it did not open, visit:\n  ${url}\n`
      : `Sign in to Alibaba Cloud by opening this URL in a browser on this machine:\n  ${url}\n`,
  );
  if (!process.stdin.isTTY) {
    out.write('Waiting for the sign-in to finish (5 minutes at most)…\n');
    return;
  }
  out.write(
    'If the browser runs on another machine, the final page fails to load: copy the `code` value from its address bar and paste it here.\n',
  );
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (): void => {
    rl.question('Authorization code (or just wait): ', (answer) => {
      const code = answer.trim();
      if (code === '') return ask();
      flow.submitCode(code).catch((error: unknown) => {
        out.write(`${error instanceof Error ? error.message : String(error)}\n`);
        ask();
      });
    });
  };
  ask();
  flow.result.then(
    () => rl.close(),
    () => rl.close(),
  );
}

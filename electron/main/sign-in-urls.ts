import type { Settings } from '../../shared/settings';
import { SITES } from '../../shared/sites';

/**
 * The authorize URLs of every configured profile (its own `authorizeUrl`, else its site's),
 * including the default profile before it has settings (China site): the only sign-in pages
 * the app may open in the browser.
 */
export function signInAuthorizeUrls(settings: Settings): readonly string[] {
  const profiles = { [settings.defaultProfile]: { site: 'cn' as const }, ...settings.profiles };
  const urls = Object.values(profiles).flatMap((profile) => {
    if ('authorizeUrl' in profile && profile.authorizeUrl !== undefined) {
      return [profile.authorizeUrl];
    }
    return profile.site === 'custom' ? [] : [SITES[profile.site].authorizeUrl];
  });
  return [...new Set(urls)];
}

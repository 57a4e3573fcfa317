/**
 * Pages no extension may script: browser-internal schemes and the extension stores (Chrome and Firefox refuse
 * content scripts there). An unknown URL counts as restricted: without host access we cannot scan it either.
 */
const RESTRICTED_SCHEMES = [
  'chrome:', 'chrome-extension:', 'chrome-untrusted:', 'devtools:', 'edge:', 'about:', 'moz-extension:',
  'view-source:', 'resource:', 'data:', 'javascript:', 'blob:',
];
const RESTRICTED_HOSTS = ['chrome.google.com', 'chromewebstore.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com'];

export function isRestrictedUrl(url: string | undefined | null): boolean {
  if (!url) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (RESTRICTED_SCHEMES.includes(parsed.protocol)) return true;
  if (parsed.hostname === 'chrome.google.com') return parsed.pathname.startsWith('/webstore');
  return RESTRICTED_HOSTS.includes(parsed.hostname);
}

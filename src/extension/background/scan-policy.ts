/** auto: scan on load and on changes; on-click: only when the person asks; never: deny-listed site. */
export type ScanPolicy = 'auto' | 'on-click' | 'never';

/** Does `hostname` equal a listed host or sit under it (`example.com` covers `news.example.com`)? */
export function hostListed(hostname: string, list: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return list.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return e !== '' && (host === e || host.endsWith(`.${e}`));
  });
}

/** How a page at `url` may be scanned under these settings. The deny list wins over everything. */
/** The settings that decide it (a subset of Settings; read-only lists so callers can pass constants). */
export interface PolicySettings {
  autoScan: boolean;
  denyList: readonly string[];
  allowList: readonly string[];
}

export function scanPolicy(url: string, settings: PolicySettings): ScanPolicy {
  let hostname = '';
  try {
    hostname = new URL(url).hostname;
  } catch {
    return 'on-click';
  }
  if (hostListed(hostname, settings.denyList)) return 'never';
  if (settings.autoScan || hostListed(hostname, settings.allowList)) return 'auto';
  return 'on-click';
}

/**
 * Is the top frame's own scan still to come? Frames that scan themselves (cross-origin iframes) load first and so
 * report first; until the top frame has reported, "nothing found" would be a verdict on the frames alone. Only a top
 * page scanned automatically will report by itself (restricted pages and on-click or deny-listed sites do not).
 */
export function awaitingTopFrame(topReported: boolean, url: string, settings: PolicySettings, restricted: boolean): boolean {
  return !topReported && !restricted && scanPolicy(url, settings) === 'auto';
}

/**
 * Where to open the onboarding pull request for `branch` into `base`, from the remote's URL: a ready
 * link for GitHub, GitLab and Gitea/Forgejo-style hosts; undefined for local or unknown remotes.
 *
 * @example compareLink('git@github.com:acme/ois.git', 'join/aria', 'main')
 * // { host: 'GitHub', url: 'https://github.com/acme/ois/compare/main...join/aria?expand=1' }
 */
export function compareLink(remote: string, branch: string, base: string): { host: string; url: string } | undefined {
  const parsed = parseRemote(remote);
  if (!parsed) return undefined;
  const { host, path } = parsed;
  const source = encodeURIComponent(branch).replace(/%2F/g, '/');
  if (host === 'github.com') return { host: 'GitHub', url: `https://github.com/${path}/compare/${base}...${source}?expand=1` };
  if (/(^|\.)gitlab\./.test(host)) {
    return {
      host: 'GitLab',
      url: `https://${host}/${path}/-/merge_requests/new?merge_request%5Bsource_branch%5D=${encodeURIComponent(branch)}&merge_request%5Btarget_branch%5D=${encodeURIComponent(base)}`,
    };
  }
  return { host: 'Gitea/Forgejo', url: `https://${host}/${path}/compare/${base}...${source}` };
}

function parseRemote(remote: string): { host: string; path: string } | undefined {
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(remote);
  let host: string;
  let path: string;
  if (scp && !/^[a-z]+:\/\//i.test(remote)) {
    host = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol) || !url.hostname) return undefined;
    if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) return undefined;
    host = url.hostname;
    path = url.pathname.replace(/^\/+/, '');
  }
  path = path.replace(/\.git$/, '').replace(/\/+$/, '');
  return host && path ? { host: host.toLowerCase(), path } : undefined;
}

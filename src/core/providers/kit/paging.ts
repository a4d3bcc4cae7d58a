/**
 * Following a paging link the provider hands back (`nextLink`, `NextPageLink`, `links.next`): only to
 * the origin the listing started on, so a hostile or misconfigured answer cannot send the request —
 * and the credentials on it — to another host. One rule for every provider that follows links.
 */
import { CloudtopError } from '../../../shared/model';

export interface PagingOwner {
  provider: string;
  displayName: string;
}

/** The absolute URL of `next` (resolved against `start`), or `bad_response` when it leaves `start`'s origin. */
export function sameOriginLink(owner: PagingOwner, start: string, next: string): string {
  let url: URL;
  try {
    url = new URL(next, start);
  } catch {
    throw new CloudtopError('bad_response', `${owner.displayName}: a paging link is not a URL`, {
      provider: owner.provider,
    });
  }
  if (url.origin !== new URL(start).origin) {
    throw new CloudtopError(
      'bad_response',
      `${owner.displayName}: a paging link points at another host; not followed`,
      { provider: owner.provider },
    );
  }
  return url.toString();
}

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

/** A listing that never ends is a broken server, not a big account (a provider may pass its own cap). */
export const DEFAULT_MAX_PAGES = 200;

export interface PageWalk {
  /** Names the listing in errors (`/v2/droplets`). */
  path: string;
  fetchPage(page: number): Promise<unknown>;
  /** The next page number the body names, or undefined on the last page. */
  nextPage(body: unknown, page: number): number | undefined;
  maxPages?: number;
}

/**
 * Walks a page-numbered listing from page 1: every body, in order. A next page that does not move
 * forward, or more than `maxPages` pages, is `bad_response` (a loop, not data).
 */
export async function walkPageNumbers(owner: PagingOwner, walk: PageWalk): Promise<unknown[]> {
  const max = walk.maxPages ?? DEFAULT_MAX_PAGES;
  const bodies: unknown[] = [];
  let page = 1;
  for (let i = 0; i < max; i++) {
    const body = await walk.fetchPage(page);
    bodies.push(body);
    const next = walk.nextPage(body, page);
    if (next === undefined) return bodies;
    if (next <= page) {
      throw new CloudtopError(
        'bad_response',
        `${owner.displayName} sent a next page that goes backwards on ${walk.path}`,
        {
          provider: owner.provider,
        },
      );
    }
    page = next;
  }
  throw new CloudtopError(
    'bad_response',
    `${owner.displayName} kept sending more pages of ${walk.path} (over ${max})`,
    { provider: owner.provider },
  );
}

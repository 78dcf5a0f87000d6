import "server-only";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import type { PublicUser } from "@/db/queries/users";
import { requirePermission } from "@/lib/auth";
import type { Permission } from "@/lib/auth/permissions";
import type { Params } from "@/lib/velocity/request";

/** What a guarded page's render function gets: the user who passed the check, and the URL. */
export interface PageRequest<P> {
  user: PublicUser;
  params: P;
  searchParams: Params;
}

interface PageProps<P> {
  params: Promise<P>;
  searchParams: Promise<Params>;
}

/** The content of a guarded page; rendered only after the check, inside the page's loading boundary. */
async function PageContent({ content }: { content: () => Promise<ReactNode> | ReactNode }) {
  return <div data-page-content="">{await content()}</div>;
}

/**
 * The one way to write a page behind sign-in. The session and permission are checked first, before
 * the render function (and so any query) runs, and outside the loading boundary, so a refusal is a
 * real 403 (or a redirect to sign-in) with nothing of the page in the response. A layout's check
 * would not do: Next.js renders a layout and its page together.
 */
export function guardedPage<P = Record<string, never>>(
  permission: Permission,
  render: (request: PageRequest<P>) => Promise<ReactNode> | ReactNode,
  /** The loading state shown while the content streams; `false` renders it before anything is sent (for a redirect or a 404 status). */
  options: {
    loading?: ReactNode | false;
    /**
     * Whether the record the address names exists (a page at /accounts/[id]): asked after the check
     * and before anything is sent, so a missing or malformed id is a real 404, not a not-found page
     * streamed with 200.
     */
    exists?: (params: P) => Promise<boolean> | boolean;
  } = {},
) {
  async function GuardedPage(props: PageProps<P>) {
    const user = await requirePermission(permission);
    const [params, searchParams] = await Promise.all([props.params, props.searchParams]);
    if (options.exists && !(await options.exists(params))) notFound();
    const content = () => render({ user, params, searchParams });
    if (options.loading === false) return <PageContent content={content} />;
    return (
      <Suspense fallback={options.loading ?? <PageSkeleton />}>
        <PageContent content={content} />
      </Suspense>
    );
  }
  return GuardedPage;
}

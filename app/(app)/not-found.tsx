import Link from "next/link";

/** A page behind sign-in whose record does not exist (an unknown or malformed id): answered with 404, inside the app's header. */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-10 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Not found</h1>
      <p className="mt-2 text-slate-600">There is no such record: it may have been deleted or merged, or the link is mistyped.</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Go to your home page
      </Link>
    </div>
  );
}

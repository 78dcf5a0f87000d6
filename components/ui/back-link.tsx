import Link from "next/link";

/** "← Accounts": the way back to the page this one belongs to. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <Link href={href} className="text-brand-700 hover:underline">
        ← {label}
      </Link>
    </nav>
  );
}

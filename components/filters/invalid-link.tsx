import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/** A link whose period or filter is wrong: says which parameter and offers the default view. */
export function InvalidLink({ parameter, error, href }: { parameter: string; error: string; href: string }) {
  return (
    <Alert tone="error" title={`The ${parameter} in this link is not valid`}>
      {error}{" "}
      <Link href={href} className="underline">
        Show this quarter instead
      </Link>
      .
    </Alert>
  );
}

export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7 shrink-0">
        <rect width="32" height="32" rx="7" fill="#2a56d9" />
        <path d="M7 22 L13 15 L18 19 L25 10" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="25" cy="10" r="2.5" fill="#fff" />
      </svg>
      <span>Pipeline Accelerator</span>
    </span>
  );
}

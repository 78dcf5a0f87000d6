"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { NavSection } from "@/lib/navigation";

const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

/** Which menu is open, and on which page it was opened: moving to another page closes it. */
interface OpenMenu {
  name: string;
  path: string;
}

function useOpenMenu() {
  const pathname = usePathname();
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const open = menu && menu.path === pathname ? menu.name : null;
  return {
    pathname,
    open,
    toggle: (name: string) => setMenu(open === name ? null : { name, path: pathname }),
    close: () => setMenu(null),
  };
}

/** Closes the open menu when the user clicks or taps anywhere outside `container`. */
function useCloseOnOutsideClick(container: React.RefObject<HTMLElement | null>, open: boolean, close: () => void) {
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [container, open, close]);
}

function NavLink({ href, label, pathname, onFollow, block = false }: { href: string; label: string; pathname: string; onFollow?: () => void; block?: boolean }) {
  const current = isCurrent(pathname, href);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      onClick={onFollow}
      className={`${block ? "block px-3 py-2" : "px-2 py-1.5"} rounded-md text-sm font-medium whitespace-nowrap ${
        current ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      }`}
    >
      {label}
    </Link>
  );
}

const chevron = (open: boolean) => (
  <svg aria-hidden="true" viewBox="0 0 20 20" className={`size-4 transition-transform ${open ? "rotate-180" : ""}`} fill="currentColor">
    <path fillRule="evenodd" d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" clipRule="evenodd" />
  </svg>
);

/** A disclosure menu of the wide header (Settings, Admin): a button that shows its links below it. */
function DisclosureMenu({ section, pathname, open, onToggle, onClose }: { section: NavSection; pathname: string; open: boolean; onToggle: () => void; onClose: () => void }) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const holdsCurrent = section.items.some((i) => isCurrent(pathname, i.href));
  return (
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          onClose();
          button.current?.focus();
        }
      }}
      onBlur={(event) => {
        // Tabbing out of the menu closes it; moving between its own links does not.
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) onClose();
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={onToggle}
        className={`inline-flex items-center gap-1 rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap ${
          holdsCurrent || open ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        }`}
      >
        {section.label}
        {chevron(open)}
      </button>
      <ul id={id} hidden={!open} className="absolute right-0 z-30 mt-2 w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
        {section.items.map((item) => (
          <li key={item.href}>
            <NavLink {...item} pathname={pathname} onFollow={onClose} block />
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The header: the brand, the role's menu and the account controls. From 1280 px wide the pages are
 * links and the settings and admin pages sit under one menu each; narrower, a single Menu button
 * shows every item of the role in full below the header row, so nothing is ever cut off.
 */
export function MainNav({ sections, brand, account }: { sections: NavSection[]; brand: ReactNode; account: ReactNode }) {
  const { pathname, open, toggle, close } = useOpenMenu();
  const header = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  useCloseOnOutsideClick(header, open !== null, close);
  const pages = sections.find((s) => s.group === "pages");
  const menus = sections.filter((s) => s.group !== "pages");

  return (
    <div ref={header} className="mx-auto max-w-[96rem] px-4 sm:px-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3 py-3 xl:flex-nowrap xl:gap-x-4">
        {brand}
        <nav aria-label="Main" className="hidden min-w-0 flex-1 xl:block">
          <ul className="flex flex-wrap items-center gap-1">
            {pages?.items.map((item) => (
              <li key={item.href}>
                <NavLink {...item} pathname={pathname} />
              </li>
            ))}
            {menus.map((section) => (
              <li key={section.group}>
                <DisclosureMenu section={section} pathname={pathname} open={open === section.group} onToggle={() => toggle(section.group)} onClose={close} />
              </li>
            ))}
          </ul>
        </nav>
        <button
          ref={menuButton}
          type="button"
          aria-expanded={open === "all"}
          aria-controls={panelId}
          onClick={() => toggle("all")}
          className="ml-auto inline-flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 md:ml-0 xl:hidden"
        >
          Menu
          {chevron(open === "all")}
        </button>
        <div className="flex w-full items-center justify-between gap-3 border-t border-slate-100 pt-3 md:ml-auto md:w-auto md:border-0 md:pt-0">{account}</div>
      </div>
      <nav
        id={panelId}
        aria-label="Main"
        hidden={open !== "all"}
        className="border-t border-slate-100 py-3 xl:hidden"
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            close();
            menuButton.current?.focus();
          }
        }}
      >
        <div className="grid gap-4 sm:grid-cols-3">
          {sections.map((section) => (
            <section key={section.group} aria-labelledby={`${panelId}-${section.group}`}>
              <h2 id={`${panelId}-${section.group}`} className="px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {section.label}
              </h2>
              <ul className="mt-1">
                {section.items.map((item) => (
                  <li key={item.href}>
                    <NavLink {...item} pathname={pathname} onFollow={close} block />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </nav>
    </div>
  );
}

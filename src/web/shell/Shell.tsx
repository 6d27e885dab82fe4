import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { NavLink } from "react-router";
import { api, unwrap } from "../api/client.js";
import { OrgContext, rememberedOrg, rememberOrg } from "../org.js";
import { type SignedIn, SignedInContext, useSession, useSignedIn } from "../session.js";
import { FlashNote } from "../ui/forms/FlashNote.js";
import { ErrorState, Loading } from "../ui/ui.js";
import { NoOrg } from "./NoOrg.js";
import { AppRoutes } from "./Routes.js";
import { UserMenu } from "./UserMenu.js";
import "./shell.css";

/**
 * The signed-in app: picks the organization (the one last chosen, else the user's first),
 * loads what the user may do there, and shows the header and the pages.
 */
export function Shell() {
  const session = useSession();
  const user = session.data!.user!;
  const [chosen, setChosen] = useState(rememberedOrg);
  const org = user.orgs.find((o) => o.slug === chosen) ?? user.orgs[0];
  const access = useQuery({
    queryKey: ["access", org?.slug],
    enabled: !!org,
    queryFn: async () =>
      unwrap(await api.GET("/api/orgs/{org}/access", { params: { path: { org: org!.slug } } })),
    staleTime: 60_000,
  });
  if (!org) return <NoOrg user={user} />;
  const choose = (slug: string) => {
    rememberOrg(slug);
    setChosen(slug);
  };
  if (access.isPending)
    return (
      <div className="gate-loading">
        <Loading what={`Opening ${org.name}`} />
      </div>
    );
  if (access.error)
    return (
      <main id="main">
        <h1>{org.name}</h1>
        <ErrorState error={access.error} retry={() => access.refetch()} />
      </main>
    );
  const signedIn: SignedIn = { user, org, access: access.data };
  return (
    <OrgContext.Provider value={org.slug}>
      <SignedInContext.Provider value={signedIn}>
        <Header onChooseOrg={user.orgs.length > 1 ? choose : undefined} />
        <main id="main" tabIndex={-1}>
          <FlashNote />
          <AppRoutes />
        </main>
      </SignedInContext.Provider>
    </OrgContext.Provider>
  );
}

function Header({ onChooseOrg }: { onChooseOrg?: (slug: string) => void }) {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/" className="brand" aria-label="Accord home">
          <span aria-hidden="true">◆</span> Accord
        </NavLink>
        <MainNav />
        <div className="top-actions">
          <TopActions />
          <UserMenu onChooseOrg={onChooseOrg} />
        </div>
      </header>
    </>
  );
}

function MainNav() {
  const { access } = useSignedIn();
  const items: [string, string][] = [
    ["/", "Overview"],
    ["/strategy", "Strategy"],
    ["/map", "Alignment map"],
    ["/units", "Units"],
  ];
  if (access.may.administer) items.push(["/import", "Import"]);
  return (
    <nav aria-label="Main">
      {items.map(([to, label]) => (
        <NavLink key={to} to={to} end={to === "/"}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

function TopActions() {
  const { access } = useSignedIn();
  return (
    <>
      {access.may.proposeGoals && (
        <NavLink to="/goals/new" className="button secondary">
          New goal
        </NavLink>
      )}
      <NavLink to="/me" className="button">
        My work
      </NavLink>
    </>
  );
}

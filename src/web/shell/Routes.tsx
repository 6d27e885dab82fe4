import { lazy, type ReactNode, Suspense } from "react";
import { NavLink, Route, Routes } from "react-router";
import { useAccess } from "../session.js";
import { Empty, Loading } from "../ui/ui.js";

const Overview = lazy(() => import("../overview/Overview.js"));
const Strategy = lazy(() => import("../strategy/Strategy.js"));
const AlignmentMap = lazy(() => import("../map/AlignmentMap.js"));
const UnitPage = lazy(() => import("../units/Unit.js"));
const Units = lazy(() => import("../units/Units.js"));
const GoalPage = lazy(() => import("../goals/Goal.js"));
const GoalForm = lazy(() => import("../goals/form/GoalForm.js"));
const MyWork = lazy(() => import("../mywork/MyWork.js"));
const Import = lazy(() => import("../imports/Import.js"));
const Account = lazy(() => import("../accounts/Account.js"));

/** The pages of the signed-in app. */
export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/" element={<Overview />} />
        <Route path="/strategy" element={<Strategy />} />
        <Route path="/map" element={<AlignmentMap />} />
        <Route path="/units" element={<Units />} />
        <Route path="/units/:id" element={<UnitPage />} />
        <Route path="/goals/new" element={<GoalForm />} />
        <Route path="/goals/:id" element={<GoalPage />} />
        <Route path="/goals/:id/edit" element={<GoalForm />} />
        <Route path="/me" element={<MyWork />} />
        <Route
          path="/import"
          element={
            <AdminOnly title="Import">
              <Import />
            </AdminOnly>
          }
        />
        <Route path="/account" element={<Account />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}

function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const access = useAccess();
  if (access.may.administer) return <>{children}</>;
  return (
    <section>
      <h1>{title}</h1>
      <Empty title="Only an admin can do this">
        Ask an admin of your organization. <NavLink to="/">Go to the overview</NavLink>.
      </Empty>
    </section>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <NavLink to="/">Go to the overview</NavLink>.
      </p>
    </section>
  );
}

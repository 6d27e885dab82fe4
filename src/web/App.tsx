import { lazy, Suspense } from "react";
import { NavLink, Route, Routes } from "react-router";
import { FlashNote } from "./components/forms/FlashNote.js";
import { Loading } from "./components/ui.js";
import { OrgContext } from "./org.js";

const Overview = lazy(() => import("./pages/Overview.js"));
const Strategy = lazy(() => import("./pages/Strategy.js"));
const AlignmentMap = lazy(() => import("./pages/AlignmentMap.js"));
const UnitPage = lazy(() => import("./pages/Unit.js"));
const Units = lazy(() => import("./pages/Units.js"));
const GoalPage = lazy(() => import("./pages/Goal.js"));
const GoalForm = lazy(() => import("./pages/GoalForm.js"));
const MyWork = lazy(() => import("./pages/MyWork.js"));
const Import = lazy(() => import("./pages/Import.js"));

const NAV = [
  ["/", "Overview"],
  ["/strategy", "Strategy"],
  ["/map", "Alignment map"],
  ["/units", "Units"],
  ["/import", "Import"],
] as const;

export function App() {
  return (
    <OrgContext.Provider value="stride">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/" className="brand" aria-label="Accord home">
          <span aria-hidden="true">◆</span> Accord
        </NavLink>
        <nav aria-label="Main">
          {NAV.map(([to, label]) => (
            <NavLink key={to} to={to} end={to === "/"}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="top-actions">
          <NavLink to="/goals/new" className="button secondary">
            New goal
          </NavLink>
          <NavLink to="/me" className="button">
            My work
          </NavLink>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <FlashNote />
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
            <Route path="/import" element={<Import />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
    </OrgContext.Provider>
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

import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { RequireSession } from "./components/shell/RequireSession.js";
import { Shell } from "./components/shell/Shell.js";
import { Loading } from "./components/ui.js";

const SignIn = lazy(() => import("./pages/SignIn.js"));
const Setup = lazy(() => import("./pages/Setup.js"));

/** Sign-in and first-run set-up stand alone; everything else needs a session. */
export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/setup" element={<Setup />} />
        <Route
          path="*"
          element={
            <RequireSession>
              <Shell />
            </RequireSession>
          }
        />
      </Routes>
    </Suspense>
  );
}

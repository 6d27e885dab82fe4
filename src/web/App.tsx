import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { RequireSession } from "./shell/RequireSession.js";
import { Shell } from "./shell/Shell.js";
import { Loading } from "./ui/ui.js";

const SignIn = lazy(() => import("./accounts/SignIn.js"));
const Setup = lazy(() => import("./accounts/Setup.js"));

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

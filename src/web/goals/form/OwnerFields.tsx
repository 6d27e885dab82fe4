import type { Person, Unit } from "../../api/client.js";
import { api, unwrap } from "../../api/client.js";
import { useOrg } from "../../org.js";
import { Combobox } from "../../ui/forms/Combobox.js";
import { Field } from "../../ui/forms/Field.js";
import type { GoalRules } from "./GoalRules.js";
import { type Cycle, type SectionProps, STATUSES, type Status } from "./model.js";

/** "Who owns it, and when": owner unit and person, cycle, status and priority. */
export function OwnerFields({
  state,
  errors,
  set,
  rules,
  cycles,
  cyclesError,
  onCycleTouched,
}: SectionProps & {
  rules: GoalRules;
  cycles: Cycle[] | undefined;
  cyclesError: unknown;
  onCycleTouched?: () => void;
}) {
  const org = useOrg();
  const unitSearch = async (q: string, signal: AbortSignal) =>
    unwrap(
      await api.GET("/api/orgs/{org}/units", {
        params: { path: { org }, query: { q: q || undefined, limit: 10 } },
        signal,
      }),
    ).items;
  const personSearch = async (q: string, signal: AbortSignal) =>
    unwrap(
      await api.GET("/api/orgs/{org}/people", {
        params: { path: { org }, query: { q: q || undefined, limit: 10 } },
        signal,
      }),
    ).items;
  const years = (cycles ?? []).filter((cy) => cy.kind === "year");
  const quartersOf = (y: string) => (cycles ?? []).filter((cy) => cy.parentId === y);
  const loose = (cycles ?? []).filter(
    (cy) => cy.kind !== "year" && !years.some((y) => y.id === cy.parentId),
  );
  return (
    <fieldset className="panel gf-section gf-who">
      <legend>
        <h2>Who owns it, and when</h2>
      </legend>
      <p className="hint muted">
        A unit, a person, or both. Anything without an owner is flagged as unowned.
      </p>
      <div className="gf-row">
        <Field id="gf-owner-unit" label="Owner unit" error={errors.ownerUnitId}>
          {(aria) => (
            <Combobox<Unit>
              {...aria}
              queryKey={["unit-search", org]}
              search={unitSearch}
              searchEmpty
              value={(state.ownerUnit as Unit | null) ?? null}
              onClear={() => set("ownerUnit", null, "ownerUnitId")}
              onSelect={(u) => set("ownerUnit", u, "ownerUnitId")}
              itemKey={(u) => u.id}
              itemText={(u) => u.name}
              renderItem={(u) => (
                <div className="option-main">
                  <span className="option-title">{u.name}</span>
                  <span className="muted">{u.kind}</span>
                </div>
              )}
              noMatches="No unit has that in its name."
              placeholder="Search units…"
            />
          )}
        </Field>
        <Field id="gf-owner-person" label="Owner person" error={errors.ownerPersonId}>
          {(aria) => (
            <Combobox<Person>
              {...aria}
              queryKey={["person-search", org]}
              search={personSearch}
              value={(state.ownerPerson as Person | null) ?? null}
              onClear={() => set("ownerPerson", null, "ownerPersonId")}
              onSelect={(p) => set("ownerPerson", p, "ownerPersonId")}
              itemKey={(p) => p.id}
              itemText={(p) => p.name}
              renderItem={(p) => (
                <>
                  <div className="option-title">{p.name}</div>
                  {p.title && <div className="option-sub">{p.title}</div>}
                </>
              )}
              noMatches="Nobody has that in their name."
              placeholder="Search people…"
            />
          )}
        </Field>
      </div>
      <div className="gf-row three">
        <Field
          id="gf-cycle"
          label="Cycle"
          hint="The period it belongs to."
          error={errors.cycleId ?? (cyclesError ? "the cycles could not be loaded" : null)}
        >
          {(aria) => (
            <select
              {...aria}
              value={state.cycleId}
              onChange={(e) => {
                onCycleTouched?.();
                set("cycleId", e.target.value);
              }}
            >
              <option value="">No cycle</option>
              {years.map((y) => (
                <optgroup key={y.id} label={y.name}>
                  <option value={y.id}>The whole of {y.name}</option>
                  {quartersOf(y.id).map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.name}
                    </option>
                  ))}
                </optgroup>
              ))}
              {loose.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="gf-status"
          label="Status"
          hint={
            rules.member
              ? "A leader of your unit makes a proposal active."
              : "Draft until it is agreed."
          }
          error={errors.status}
        >
          {(aria) => (
            <select
              {...aria}
              value={state.status}
              onChange={(e) => set("status", e.target.value as Status)}
            >
              {STATUSES.filter(([v]) => rules.statusAllowed(v) || v === state.status).map(
                ([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ),
              )}
            </select>
          )}
        </Field>
        <Field
          id="gf-priority"
          label="Priority"
          hint="1 is the most important."
          error={errors.priority}
        >
          {(aria) => (
            <input
              {...aria}
              inputMode="numeric"
              value={state.priority}
              onChange={(e) => set("priority", e.target.value)}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

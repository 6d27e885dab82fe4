import { sentence } from "../ui/forms/Field.js";
import { LockIcon } from "./PrivateNote.js";

/** One calm line instead of the actions a role may not take, saying why. */
export function ReadOnlyNote({ reason, className }: { reason: string | null; className?: string }) {
  return (
    <p className={`read-only-note${className ? ` ${className}` : ""}`}>
      <LockIcon />
      <span>{sentence(`Read-only for you: ${reason ?? "you may not change this"}`)}</span>
    </p>
  );
}

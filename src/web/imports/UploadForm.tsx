import { type DragEvent, type RefObject, useId, useState } from "react";
import { WHAT } from "./kinds.js";
import { formatSize, type Loaded, type What } from "./report.js";

/** Steps 1 and 2: what kind of file, and the file itself (chosen, or dropped on the area). */
export default function UploadForm({
  what,
  file,
  readError,
  checking,
  running,
  inputRef,
  onChoose,
  onFile,
}: {
  what: What;
  file: Loaded | null;
  readError: string | null;
  checking: boolean;
  running: boolean;
  /** The page clears and focuses the input when the user starts over. */
  inputRef: RefObject<HTMLInputElement | null>;
  onChoose: (what: What) => void;
  onFile: (file: File | undefined | null) => void;
}) {
  const [dragging, setDragging] = useState(false);
  const radioName = useId();

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    onFile(e.dataTransfer.files[0]);
  };

  return (
    <div className="imp-steps">
      <fieldset className="panel imp-step">
        <legend>
          <h2>
            <span className="imp-num" aria-hidden="true">
              1
            </span>
            What are you importing?
          </h2>
        </legend>
        <div className="imp-kinds">
          {(Object.keys(WHAT) as What[]).map((k) => (
            <label key={k} className={`imp-kind${what === k ? " chosen" : ""}`}>
              <input
                type="radio"
                name={radioName}
                value={k}
                checked={what === k}
                disabled={checking || running}
                onChange={() => onChoose(k)}
              />
              <span className="imp-kind-name">{WHAT[k].label}</span>
              <span className="imp-kind-blurb">{WHAT[k].blurb}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="panel imp-step">
        <h2>
          <span className="imp-num" aria-hidden="true">
            2
          </span>
          Upload the file
        </h2>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop area is a mouse shortcut; the file input inside it is the keyboard way. */}
        <div
          className={`imp-drop${dragging ? " over" : ""}${file ? " has-file" : ""}`}
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = "copy";
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
        >
          <input
            ref={inputRef}
            id="imp-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            className="imp-file"
            aria-describedby="imp-file-hint"
            disabled={running}
            onChange={(e) => onFile(e.target.files?.[0])}
          />
          <label htmlFor="imp-file" className="imp-drop-label">
            <span className="imp-drop-icon" aria-hidden="true">
              ⇪
            </span>
            <span>
              <span className="button">Choose a CSV file</span>{" "}
              <span className="muted">or drop it here</span>
            </span>
          </label>
          <p id="imp-file-hint" className="muted imp-drop-hint">
            {file ? (
              <>
                <strong>{file.name}</strong> ({formatSize(file.size)}) — choose another file to
                check it instead.
              </>
            ) : (
              <>
                {what === "org" ? "An org-chart" : "A goals"} CSV file with a header line, saved as
                UTF-8.
              </>
            )}
          </p>
        </div>
        {readError && (
          <div className="alert bad" role="alert">
            {readError}
          </div>
        )}
      </div>
    </div>
  );
}

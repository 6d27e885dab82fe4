import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";
import ColumnGuide from "./ColumnGuide.js";
import ImportResult from "./ImportResult.js";
import Preview from "./Preview.js";
import { issuesOf, type Loaded, type What } from "./report.js";
import UploadForm from "./UploadForm.js";
import "../ui/forms/forms.css";
import "./Import.css";

/** Import an org chart or goals from CSV: preview, every bad line with its reason, then write. */

export default function Import() {
  const org = useOrg();
  const queryClient = useQueryClient();
  const [what, setWhat] = useState<What>("org");
  const [file, setFile] = useState<Loaded | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const send = async (kind: What, text: string, dryRun: boolean) => {
    const options = {
      params: { path: { org }, query: dryRun ? { dryRun: "true" as const } : {} },
      body: text,
      bodySerializer: (b: string) => b,
      headers: { "Content-Type": "text/csv" },
    };
    return unwrap(
      kind === "org"
        ? await api.POST("/api/orgs/{org}/import/org", options)
        : await api.POST("/api/orgs/{org}/import/goals", options),
    );
  };

  const check = useMutation({
    mutationFn: ({ kind, text }: { kind: What; text: string }) => send(kind, text, true),
    onSuccess: () => setTimeout(() => resultsRef.current?.focus(), 0),
  });
  const run = useMutation({
    mutationFn: ({ kind, text }: { kind: What; text: string }) => send(kind, text, false),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setTimeout(() => resultsRef.current?.focus(), 0);
    },
  });

  const load = async (f: File | undefined | null) => {
    if (!f) return;
    setReadError(null);
    run.reset();
    check.reset();
    try {
      const text = await f.text();
      setFile({ name: f.name, size: f.size, text });
      check.mutate({ kind: what, text });
    } catch {
      setFile(null);
      setReadError(`“${f.name}” could not be read. Is it a text (CSV) file?`);
    }
  };

  const choose = (next: What) => {
    setWhat(next);
    run.reset();
    if (file) check.mutate({ kind: next, text: file.text });
  };

  const reset = () => {
    setFile(null);
    check.reset();
    run.reset();
    if (fileInput.current) fileInput.current.value = "";
    fileInput.current?.focus();
  };

  const report = check.data && check.variables?.kind === what ? check.data : undefined;
  const failedIssues = issuesOf(run.error);
  const issues = failedIssues ?? report?.issues ?? [];
  const done = run.data;

  return (
    <section className="import">
      <h1>Import</h1>
      <p className="muted imp-lede">
        Bring in your org chart or your goals from a spreadsheet saved as CSV. You see a preview and
        every problem first — nothing is written until you say so.
      </p>

      <div className="imp-top">
        <UploadForm
          what={what}
          file={file}
          readError={readError}
          checking={check.isPending}
          running={run.isPending}
          inputRef={fileInput}
          onChoose={choose}
          onFile={(f) => void load(f)}
        />
        <ColumnGuide what={what} />
      </div>

      <div className="imp-results" aria-busy={check.isPending || run.isPending}>
        {check.isPending && (
          <div className="state" role="status">
            <span className="spinner" aria-hidden="true" /> Checking {file?.name ?? "the file"}…
          </div>
        )}
        {check.error && !check.isPending && (
          <div className="alert bad" role="alert">
            <strong>The file could not be checked.</strong>
            {(check.error as Error).message}
            <div className="actions">
              <button
                type="button"
                onClick={() => file && check.mutate({ kind: what, text: file.text })}
              >
                Try again
              </button>
            </div>
          </div>
        )}

        {done && file ? (
          <ImportResult report={done} file={file} headingRef={resultsRef} onAgain={reset} />
        ) : (
          report &&
          file &&
          !check.isPending && (
            <Preview
              report={report}
              issues={issues}
              failed={!!failedIssues}
              file={file}
              headingRef={resultsRef}
              running={run.isPending}
              runError={failedIssues ? null : (run.error as Error | null)}
              onImport={() => run.mutate({ kind: what, text: file.text })}
              onAgain={reset}
            />
          )
        )}
      </div>
    </section>
  );
}
